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
            capabilities {
              drop = ["ALL"]
              add  = ["NET_BIND_SERVICE", var.extra_capability]
            }
          }
        }
      }
    }
  }
}

variable "extra_capability" {
  type = string
}
