resource "kubernetes_deployment" "web" {
  metadata {
    name      = "web"
    namespace = "shop"
  }
  spec {
    selector {
      match_labels = { app = "web" }
    }
    template {
      metadata {
        labels = { app = "web" }
      }
      spec {
        container { # expect: K8S017
          name  = "app"
          image = "ghcr.io/acme/web:1.4.2"
        }
        container {
          name  = "proxy"
          image = "ghcr.io/acme/proxy:1.0.0"
          security_context { # expect: K8S017
            read_only_root_filesystem = true
          }
        }
        container {
          name  = "worker"
          image = "ghcr.io/acme/worker:1.0.0"
          security_context {
            allow_privilege_escalation = true # expect: K8S017
          }
        }
      }
    }
  }
}
