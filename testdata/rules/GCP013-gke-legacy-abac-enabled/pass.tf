variable "abac_from_caller" {
  type = bool
}

resource "google_container_cluster" "default" {
  name               = "default"
  location           = "europe-west1"
  initial_node_count = 1
}

resource "google_container_cluster" "explicit" {
  name               = "explicit"
  location           = "europe-west1"
  initial_node_count = 1
  enable_legacy_abac = false
}

resource "google_container_cluster" "caller" {
  name               = "caller"
  location           = "europe-west1"
  initial_node_count = 1
  enable_legacy_abac = var.abac_from_caller
}
