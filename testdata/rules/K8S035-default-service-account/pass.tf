resource "kubernetes_deployment" "worker" {
  metadata {
    name      = "worker"
    namespace = "shop"
  }
  spec {
    selector {
      match_labels = { app = "worker" }
    }
    template {
      metadata {
        labels = { app = "worker" }
      }
      spec {
        service_account_name = "worker"
        container {
          name  = "worker"
          image = "ghcr.io/acme/worker:1.0.0"
        }
      }
    }
  }
}

variable "service_account" {
  type = string
}

resource "kubernetes_deployment" "tool" {
  metadata {
    name      = "tool"
    namespace = "shop"
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
        service_account_name = var.service_account
        container {
          name  = "tool"
          image = "ghcr.io/acme/tool:1.0.0"
        }
      }
    }
  }
}
