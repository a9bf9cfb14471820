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
          image = "ghcr.io/acme/api:2.0.0@sha256:4b0e9c3a1f2d5e6c7b8a9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c"
        }
      }
    }
  }
}
