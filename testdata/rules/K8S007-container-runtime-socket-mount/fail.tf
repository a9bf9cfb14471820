resource "kubernetes_deployment" "builder" {
  metadata {
    name      = "builder"
    namespace = "ci"
  }
  spec {
    selector {
      match_labels = { app = "builder" }
    }
    template {
      metadata {
        labels = { app = "builder" }
      }
      spec {
        container {
          name  = "docker"
          image = "docker:27.1.1-cli"
        }
        volume {
          name = "docker-sock"
          host_path {
            path = "/var/run/docker.sock" # expect: K8S007
          }
        }
      }
    }
  }
}
