variable "ranges_from_caller" {
  type = list(string)
}

resource "google_compute_firewall" "ssh_from_iap" {
  name          = "allow-ssh-from-iap"
  network       = "default"
  source_ranges = ["35.235.240.0/20"]

  allow {
    protocol = "tcp"
    ports    = ["22", "3389"]
  }
}

resource "google_compute_firewall" "https" {
  name          = "allow-https"
  network       = "default"
  source_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "tcp"
    ports    = ["443", "8000-8100"]
  }

  allow {
    protocol = "icmp"
  }
}

resource "google_compute_firewall" "disabled" {
  name          = "allow-ssh-disabled"
  network       = "default"
  disabled      = true
  source_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

resource "google_compute_firewall" "egress" {
  name               = "allow-egress-ssh"
  network            = "default"
  direction          = "EGRESS"
  destination_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

resource "google_compute_firewall" "from_tags" {
  name        = "allow-ssh-from-bastion"
  network     = "default"
  source_tags = ["bastion"]

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

resource "google_compute_firewall" "caller" {
  name          = "allow-ssh-caller"
  network       = "default"
  source_ranges = var.ranges_from_caller

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}
