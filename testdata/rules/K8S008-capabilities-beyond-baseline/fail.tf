resource "kubernetes_deployment" "vpn" {
  metadata {
    name      = "vpn"
    namespace = "shop"
  }
  spec {
    selector {
      match_labels = { app = "vpn" }
    }
    template {
      metadata {
        labels = { app = "vpn" }
      }
      spec {
        container {
          name  = "vpn"
          image = "ghcr.io/acme/vpn:2.0.0"
          security_context {
            capabilities {
              drop = ["ALL"]
              add  = ["NET_ADMIN"] # expect: K8S008
            }
          }
        }
      }
    }
  }
}
