variable "host_namespace" {
  type = bool
}

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
        host_pid = false
        container {
          name  = "app"
          image = "ghcr.io/acme/web:1.4.2"
        }
      }
    }
  }
}

resource "kubernetes_pod_v1" "tool" {
  metadata {
    name = "tool"
  }
  spec {
    # Unknown: never reported.
    host_pid = var.host_namespace
    container {
      name  = "tool"
      image = "ghcr.io/acme/tool:1.0.0"
    }
  }
}
