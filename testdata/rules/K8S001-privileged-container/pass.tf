variable "privileged" {
  type = bool
}

resource "kubernetes_deployment" "web" {
  metadata {
    name      = "web"
    namespace = "shop"
  }
  spec {
    selector {
      match_labels = { app = "web" }
    }
    template {
      metadata {
        labels = { app = "web" }
      }
      spec {
        container {
          name  = "app"
          image = "ghcr.io/acme/web:1.4.2"
          security_context {
            privileged = false
          }
        }
        # Unknown (a variable without a value): never reported.
        container {
          name  = "tool"
          image = "ghcr.io/acme/tool:1.0.0"
          security_context {
            privileged = var.privileged
          }
        }
      }
    }
  }
}
