resource "kubernetes_deployment" "secure" {
  metadata {
    name      = "secure"
    namespace = "shop"
  }
  spec {
    selector {
      match_labels = { app = "secure" }
    }
    template {
      metadata {
        labels = { app = "secure" }
      }
      spec {
        security_context {
          run_as_non_root = true
          run_as_user     = 10001
        }
        container {
          name  = "app"
          image = "ghcr.io/acme/web:1.4.2"
        }
        container {
          name  = "tool"
          image = "ghcr.io/acme/tool:1.0.0"
          security_context {
            run_as_non_root = var.non_root
          }
        }
      }
    }
  }
}

variable "non_root" {
  type = bool
}
