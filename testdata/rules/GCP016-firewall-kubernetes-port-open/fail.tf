variable "k8s_ports" {
  type    = list(string)
  default = ["6443", "10250"]
}

resource "google_compute_firewall" "k8s_api" {
  name          = "allow-k8s"
  network       = "default"
  source_ranges = ["0.0.0.0/0"] # expect: GCP016

  allow {
    protocol = "tcp"
    ports    = var.k8s_ports
  }
}

resource "google_compute_firewall" "etcd" {
  name          = "allow-etcd"
  network       = "default"
  source_ranges = ["0.0.0.0/0"] # expect: GCP016

  dynamic "allow" {
    for_each = ["2379-2380"]
    content {
      protocol = "tcp"
      ports    = [allow.value]
    }
  }
}
