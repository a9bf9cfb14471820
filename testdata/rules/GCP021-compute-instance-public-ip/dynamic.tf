# `dynamic` access_config blocks: a public IP exists only when the
# expansion is known to produce a block.

# Set by whoever applies the configuration: not known here.
variable "external_ips" {
  type = list(string)
}

variable "bastion_ips" {
  type    = list(string)
  default = ["203.0.113.10"]
}

# Unknown for_each: zero or more blocks, so no finding either way.
resource "google_compute_instance" "maybe_public" {
  name         = "maybe-public"
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
      for_each = var.external_ips
      content {
        nat_ip = access_config.value
      }
    }
  }
}

# Known for_each with one element: one access_config, a public IP.
resource "google_compute_instance" "bastion" {
  name         = "bastion"
  machine_type = "e2-small"
  zone         = "europe-west1-b"

  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }

  network_interface {
    network = "default"

    dynamic "access_config" { # expect: GCP021
      for_each = var.bastion_ips
      content {
        nat_ip = access_config.value
      }
    }
  }
}

# Known and empty: no block, no public IP.
resource "google_compute_instance" "internal" {
  name         = "internal"
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
      for_each = []
      content {
        nat_ip = access_config.value
      }
    }
  }
}
