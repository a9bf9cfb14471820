resource "kubernetes_deployment" "files" {
  metadata {
    name      = "files"
    namespace = "shop"
  }
  spec {
    selector {
      match_labels = { app = "files" }
    }
    template {
      metadata {
        labels = { app = "files" }
      }
      spec {
        security_context {
          run_as_user = 10001
          fs_group    = 0 # expect: K8S023
        }
        container {
          name  = "app"
          image = "ghcr.io/acme/files:1.0.0"
        }
      }
    }
  }
}
