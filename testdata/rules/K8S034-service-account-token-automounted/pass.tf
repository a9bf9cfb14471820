resource "kubernetes_deployment" "worker" {
  metadata {
    name      = "worker"
    namespace = "shop"
  }
  spec {
    selector {
      match_labels = { app = "worker" }
    }
    template {
      metadata {
        labels = { app = "worker" }
      }
      spec {
        automount_service_account_token = false
        container {
          name  = "worker"
          image = "ghcr.io/acme/worker:1.0.0"
        }
      }
    }
  }
}
