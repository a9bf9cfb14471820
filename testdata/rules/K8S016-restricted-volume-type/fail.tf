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
        }
        volume {
          name = "config"
          config_map {
            name = "legacy-config"
          }
        }
        volume { # expect: K8S016
          name = "shared"
          nfs {
            server = "nfs.internal.acme.io"
            path   = "/exports/shared"
          }
        }
      }
    }
  }
}
