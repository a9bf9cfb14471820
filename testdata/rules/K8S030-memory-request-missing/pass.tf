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
          resources {
            requests = {
              memory = "256Mi"
            }
          }
        }
      }
    }
  }
}
