resource "kubernetes_deployment" "kaniko" {
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
          name  = "kaniko"
          image = "gcr.io/kaniko-project/executor:v1.23.2"
        }
        volume {
          name = "workspace"
          empty_dir {}
        }
      }
    }
  }
}
