resource "kubernetes_deployment" "internal" {
  metadata {
    name      = "internal"
    namespace = "shop"
  }
  spec {
    selector {
      match_labels = { app = "internal" }
    }
    template {
      metadata {
        labels = { app = "internal" }
      }
      spec {
        container {
          name  = "app"
          image = "registry.acme.io/shop/internal:1.0.0"
        }
      }
    }
  }
}
