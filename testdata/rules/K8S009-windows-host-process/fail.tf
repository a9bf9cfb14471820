resource "kubernetes_deployment" "exporter" {
  metadata {
    name      = "exporter"
    namespace = "shop"
  }
  spec {
    selector {
      match_labels = { app = "exporter" }
    }
    template {
      metadata {
        labels = { app = "exporter" }
      }
      spec {
        host_network = true
        security_context {
          windows_options {
            host_process = true # expect: K8S009
          }
        }
        container {
          name  = "exporter"
          image = "ghcr.io/prometheus-community/windows-exporter:0.29.2"
        }
      }
    }
  }
}
