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
        }
        volume {
          name = "data"
          persistent_volume_claim {
            claim_name = "web-data"
          }
        }
        volume {
          name = "creds"
          secret {
            secret_name = "web-creds"
          }
        }
        volume {
          name = "tmp"
          empty_dir {}
        }
        volume {
          name = "info"
          downward_api {
            items {
              path = "labels"
              field_ref {
                field_path = "metadata.labels"
              }
            }
          }
        }
      }
    }
  }
}
