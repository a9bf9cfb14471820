resource "kubernetes_deployment" "iis" {
  metadata {
    name      = "iis"
    namespace = "shop"
  }
  spec {
    selector {
      match_labels = { app = "iis" }
    }
    template {
      metadata {
        labels = { app = "iis" }
      }
      spec {
        security_context {
          windows_options {
            run_as_username = "ContainerUser"
          }
        }
        container {
          name  = "iis"
          image = "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022"
        }
      }
    }
  }
}
