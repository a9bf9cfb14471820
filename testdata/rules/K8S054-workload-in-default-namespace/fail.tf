resource "kubernetes_deployment" "web" { # expect: K8S054
  metadata {
    name = "web"
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
        container {
          name  = "app"
          image = "ghcr.io/acme/web:1.4.2"
        }
      }
    }
  }
}

resource "kubernetes_cron_job_v1" "report" {
  metadata {
    name      = "report"
    namespace = "default" # expect: K8S054
  }
  spec {
    schedule = "0 3 * * *"
    job_template {
      metadata {}
      spec {
        template {
          metadata {}
          spec {
            container {
              name  = "report"
              image = "ghcr.io/acme/report:1.0.0"
            }
          }
        }
      }
    }
  }
}
