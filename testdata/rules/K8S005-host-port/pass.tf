variable "host_port" {
  type = number
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
          port {
            container_port = 8080
          }
          port {
            container_port = 9090
            host_port      = var.host_port
          }
        }
      }
    }
  }
}
