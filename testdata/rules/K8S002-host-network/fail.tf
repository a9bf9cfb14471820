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
        host_network = true # expect: K8S002
        container {
          name  = "agent"
          image = "ghcr.io/acme/agent:3.2.1"
        }
      }
    }
  }
}

resource "kubernetes_pod" "debug" {
  metadata {
    name = "debug"
  }
  spec {
    host_network = true # expect: K8S002
    container {
      name  = "shell"
      image = "ghcr.io/acme/toolbox:2.1.0"
    }
  }
}
