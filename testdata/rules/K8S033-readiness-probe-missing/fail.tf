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
        container { # expect: K8S033
          name  = "app"
          image = "ghcr.io/acme/web:1.4.2"
        }
      }
    }
  }
}
