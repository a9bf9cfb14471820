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
        security_context {
          run_as_non_root = false # expect: K8S018
        }
        container {
          name  = "app"
          image = "ghcr.io/acme/web:1.4.2"
        }
      }
    }
  }
}

resource "kubernetes_stateful_set_v1" "api" {
  metadata {
    name      = "api"
    namespace = "shop"
  }
  spec {
    selector {
      match_labels = { app = "api" }
    }
    template {
      metadata {
        labels = { app = "api" }
      }
      spec {
        container { # expect: K8S018
          name  = "api"
          image = "ghcr.io/acme/api:2.0.0"
        }
      }
    }
  }
}
