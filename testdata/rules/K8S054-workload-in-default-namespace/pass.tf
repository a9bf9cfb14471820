variable "namespace" {
  type = string
}

resource "kubernetes_deployment" "api" {
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
        container {
          name  = "api"
          image = "ghcr.io/acme/api:2.0.0"
        }
      }
    }
  }
}

resource "kubernetes_deployment" "tool" {
  metadata {
    name      = "tool"
    namespace = var.namespace
  }
  spec {
    selector {
      match_labels = { app = "tool" }
    }
    template {
      metadata {
        labels = { app = "tool" }
      }
      spec {
        container {
          name  = "tool"
          image = "ghcr.io/acme/tool:1.0.0"
        }
      }
    }
  }
}
