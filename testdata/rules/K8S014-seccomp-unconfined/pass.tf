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
        security_context {
          seccomp_profile {
            type = "Unconfined"
          }
        }
        container {
          name  = "app"
          image = "ghcr.io/acme/web:1.4.2"
          security_context {
            seccomp_profile {
              type = "RuntimeDefault"
            }
          }
        }
      }
    }
  }
}
