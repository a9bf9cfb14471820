resource "kubernetes_deployment" "debug" {
  metadata {
    name      = "debug"
    namespace = "shop"
  }
  spec {
    selector {
      match_labels = { app = "debug" }
    }
    template {
      metadata {
        labels = { app = "debug" }
      }
      spec {
        security_context {
          seccomp_profile {
            type = "Unconfined" # expect: K8S014
          }
        }
        container {
          name  = "shell"
          image = "ghcr.io/acme/toolbox:2.1.0"
        }
      }
    }
  }
}
