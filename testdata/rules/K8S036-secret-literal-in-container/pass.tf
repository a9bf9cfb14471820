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
            name  = "DB_PASSWORD"
            value = var.db_password
          }
          env {
            name = "API_TOKEN"
            value_from {
              secret_key_ref {
                name = "web-api"
                key  = "token"
              }
            }
          }
        }
      }
    }
  }
}

variable "db_password" {
  type      = string
  sensitive = true
}
