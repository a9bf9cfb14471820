resource "kubernetes_deployment" "legacy" {
  metadata {
    name      = "legacy"
    namespace = "shop"
  }
  spec {
    selector {
      match_labels = { app = "legacy" }
    }
    template {
      metadata {
        labels = { app = "legacy" }
      }
      spec {
        container {
          name  = "app"
          image = "ghcr.io/acme/legacy:0.9.0"
          security_context {
            run_as_user = 0 # expect: K8S019
          }
        }
      }
    }
  }
}
