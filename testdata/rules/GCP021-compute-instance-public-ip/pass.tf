variable "public_ip" {
  type    = bool
  default = false
}

resource "google_compute_instance" "private" {
  name         = "private"
  machine_type = "e2-small"
  zone         = "europe-west1-b"

  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }

  network_interface {
    subnetwork = "projects/acme/regions/europe-west1/subnetworks/private"
  }
}

resource "google_compute_instance" "toggle" {
  name         = "toggle"
  machine_type = "e2-small"
  zone         = "europe-west1-b"

  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }

  network_interface {
    network = "default"

    dynamic "access_config" {
      for_each = var.public_ip ? [1] : []
      content {}
    }
  }
}
