variable "db_port" {
  type    = string
  default = "5432"
}

resource "google_compute_firewall" "postgres" {
  name          = "allow-postgres"
  network       = "default"
  source_ranges = ["0.0.0.0/0"] # expect: GCP017

  allow {
    protocol = "tcp"
    ports    = [var.db_port]
  }
}

resource "google_compute_firewall" "everything" {
  name          = "allow-everything"
  network       = "default"
  source_ranges = ["0.0.0.0/0"] # expect: GCP017

  allow {
    protocol = "all"
  }
}
