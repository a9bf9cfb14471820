resource "kubernetes_daemon_set_v1" "exporter" {
  metadata {
    name      = "exporter"
    namespace = "monitoring"
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
        container {
          name  = "exporter"
          image = "ghcr.io/acme/exporter:1.2.0"
          port {
            container_port = 9100
            host_port      = 9100 # expect: K8S005
          }
        }
      }
    }
  }
}

resource "kubernetes_deployment" "proxy" {
  metadata {
    name = "proxy"
  }
  spec {
    selector {
      match_labels = { app = "proxy" }
    }
    template {
      metadata {
        labels = { app = "proxy" }
      }
      spec {
        container {
          name  = "proxy"
          image = "ghcr.io/acme/proxy:1.0.0"
          port {
            container_port = 8080
          }
          port {
            container_port = 8443
            host_port      = 443 # expect: K8S005
          }
        }
      }
    }
  }
}
