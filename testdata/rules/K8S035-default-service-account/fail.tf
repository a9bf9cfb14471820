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
      spec { # expect: K8S035
        container {
          name  = "app"
          image = "ghcr.io/acme/web:1.4.2"
        }
      }
    }
  }
}

resource "kubernetes_deployment_v1" "api" {
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
        service_account_name = "default" # expect: K8S035
        container {
          name  = "api"
          image = "ghcr.io/acme/api:2.0.0"
        }
      }
    }
  }
}
