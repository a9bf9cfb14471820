variable "port_from_caller" {
  type = string
}

resource "google_compute_firewall" "postgres_internal" {
  name          = "allow-postgres-internal"
  network       = "default"
  source_ranges = ["10.0.0.0/8"]

  allow {
    protocol = "tcp"
    ports    = ["5432", "6379"]
  }
}

resource "google_compute_firewall" "caller" {
  name          = "allow-caller"
  network       = "default"
  source_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "tcp"
    ports    = [var.port_from_caller]
  }
}
