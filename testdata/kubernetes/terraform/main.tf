resource "kubernetes_deployment" "web" {
  metadata {
    name      = "web"
    namespace = "shop"
    labels = {
      app_name = "web"
    }
  }
  spec {
    replicas = 2
    template {
      metadata {
        labels = { app = "web" }
      }
      spec {
        host_pid             = true
        service_account_name = "web"
        security_context {
          run_as_non_root = true
          run_as_user     = 1000
        }
        volume {
          name = "docker"
          host_path {
            path = "/var/run/docker.sock"
          }
        }
        container {
          name  = "app"
          image = "nginx:1.25"
          security_context {
            privileged = true
            capabilities {
              add = ["NET_ADMIN"]
            }
          }
          resources {
            limits = {
              cpu    = "500m"
              memory = "512Mi"
            }
          }
          volume_mount {
            name       = "docker"
            mount_path = "/var/run/docker.sock"
          }
          port {
            container_port = 8080
          }
        }
      }
    }
  }
}

resource "kubernetes_cron_job_v1" "nightly" {
  metadata {
    name = "nightly"
  }
  spec {
    schedule = "0 0 * * *"
    job_template {
      metadata {}
      spec {
        template {
          metadata {}
          spec {
            container {
              name  = "run"
              image = "alpine"
            }
            init_container {
              name  = "prep"
              image = "alpine:3.19"
            }
          }
        }
      }
    }
  }
}

resource "kubernetes_pod" "solo" {
  metadata {
    name = "solo"
  }
  spec {
    container {
      name  = "main"
      image = "busybox:1.36"
    }
  }
}
