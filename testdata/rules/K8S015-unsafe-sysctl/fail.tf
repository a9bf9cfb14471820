resource "kubernetes_deployment" "redis" {
  metadata {
    name      = "redis"
    namespace = "shop"
  }
  spec {
    selector {
      match_labels = { app = "redis" }
    }
    template {
      metadata {
        labels = { app = "redis" }
      }
      spec {
        security_context {
          sysctl {
            name  = "net.ipv4.tcp_keepalive_time"
            value = "600"
          }
          sysctl {
            name  = "vm.overcommit_memory" # expect: K8S015
            value = "1"
          }
        }
        container {
          name  = "redis"
          image = "redis:7.4.0"
        }
      }
    }
  }
}
