resource "kubernetes_deployment" "agent" {
  metadata {
    name      = "agent"
    namespace = "shop"
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
          security_context {
            se_linux_options {
              user = "system_u" # expect: K8S012
            }
          }
        }
      }
    }
  }
}
