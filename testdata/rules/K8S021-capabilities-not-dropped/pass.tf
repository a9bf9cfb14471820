resource "kubernetes_deployment" "api" {
  metadata {
    name      = "api"
    namespace = "shop"
  }
  spec {
    selector {
      match_labels = { app = "api" }
    }
    template {
      metadata {
        labels = { app = "api" }
      }
      spec {
        container {
          name  = "api"
          image = "ghcr.io/acme/api:2.0.0"
          security_context {
            capabilities {
              drop = ["ALL"]
            }
          }
        }
        container {
          name  = "tool"
          image = "ghcr.io/acme/tool:1.0.0"
          security_context {
            capabilities {
              drop = var.dropped
            }
          }
        }
      }
    }
  }
}

variable "dropped" {
  type = list(string)
}
