resource "kubernetes_daemon_set_v1" "agent" {
  metadata {
    name      = "agent"
    namespace = "monitoring"
  }
  spec {
    selector {
      match_labels = { app = "agent" }
    }
    template {
      metadata {
        labels = { app = "agent" }
      }
      spec {
        container {
          name  = "agent"
          image = "ghcr.io/acme/agent:3.2.1"
        }
        volume {
          name = "tmp"
          empty_dir {}
        }
        volume {
          name = "logs"
          host_path { # expect: K8S006
            path = "/var/log"
          }
        }
      }
    }
  }
}
