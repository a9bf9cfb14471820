variable "public" {
  type    = bool
  default = true
}

resource "google_compute_instance" "web" {
  name         = "web"
  machine_type = "e2-small"
  zone         = "europe-west1-b"

  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }

  network_interface {
    network = "default"

    access_config { # expect: GCP021
    }
  }
}

resource "google_compute_instance_template" "workers" {
  name_prefix  = "workers-"
  machine_type = "e2-small"

  disk {
    source_image = "debian-cloud/debian-12"
  }

  network_interface {
    network = "default"

    dynamic "access_config" { # expect: GCP021
      for_each = var.public ? [1] : []
      content {
        network_tier = "PREMIUM"
      }
    }
  }
}
