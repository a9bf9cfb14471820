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
        container { # expect: K8S029
          name  = "app"
          image = "ghcr.io/acme/web:1.4.2"
        }
        container {
          name  = "proxy"
          image = "ghcr.io/acme/proxy:1.0.0"
          resources { # expect: K8S029
            requests = {
              cpu = "250m"
            }
          }
        }
      }
    }
  }
}
