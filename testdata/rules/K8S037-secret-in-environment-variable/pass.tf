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
          env {
            name  = "DB_HOST"
            value = "db.shop.svc"
          }
          volume_mount {
            name       = "db"
            mount_path = "/var/run/secrets/db"
            read_only  = true
          }
        }
        volume {
          name = "db"
          secret {
            secret_name = "web-db"
          }
        }
      }
    }
  }
}
