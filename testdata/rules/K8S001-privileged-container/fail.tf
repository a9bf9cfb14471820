resource "kubernetes_deployment" "agent" {
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
          security_context {
            privileged = true # expect: K8S001
          }
        }
      }
    }
  }
}

resource "kubernetes_pod_v1" "debug" {
  metadata {
    name = "debug"
  }
  spec {
    init_container {
      name  = "setup"
      image = "ghcr.io/acme/setup:1.0.0"
      security_context {
        privileged = true # expect: K8S001
      }
    }
    container {
      name  = "shell"
      image = "ghcr.io/acme/toolbox:2.1.0"
    }
  }
}
