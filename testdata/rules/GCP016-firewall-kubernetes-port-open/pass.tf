resource "google_compute_firewall" "k8s_internal" {
  name        = "allow-k8s-internal"
  network     = "default"
  source_tags = ["k8s-node", "k8s-control-plane"]

  allow {
    protocol = "tcp"
    ports    = ["6443", "2379-2380", "10250"]
  }
}

resource "google_compute_firewall" "ingress_controller" {
  name          = "allow-ingress"
  network       = "default"
  source_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "tcp"
    ports    = ["80", "443"]
  }
}
