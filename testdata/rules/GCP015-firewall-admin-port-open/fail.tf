variable "admin_ranges" {
  type    = list(string)
  default = ["0.0.0.0/0"]
}

resource "google_compute_firewall" "ssh" {
  name          = "allow-ssh"
  network       = "default"
  source_ranges = ["0.0.0.0/0"] # expect: GCP015

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

resource "google_compute_firewall" "rdp" {
  name          = "allow-rdp"
  network       = "default"
  direction     = "INGRESS"
  source_ranges = var.admin_ranges # expect: GCP015

  allow {
    protocol = "tcp"
    ports    = ["80", "443"]
  }

  allow {
    protocol = "tcp"
    ports    = ["3000-4000"]
  }
}

# All TCP ports (no ports list) from anywhere over IPv6.
resource "google_compute_firewall" "all_tcp" {
  name          = "allow-all-tcp"
  network       = "default"
  source_ranges = ["::/0"] # expect: GCP015

  allow {
    protocol = "tcp"
  }
}

# No source at all: applies to every source.
resource "google_compute_firewall" "no_source" { # expect: GCP015
  name    = "allow-ssh-anywhere"
  network = "default"

  allow {
    protocol = "tcp"
    ports    = [22]
  }
}
