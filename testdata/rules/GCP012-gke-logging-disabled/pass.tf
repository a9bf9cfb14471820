variable "service_from_caller" {
  type = string
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
  logging_service    = "logging.googleapis.com/kubernetes"
}

resource "google_container_cluster" "caller" {
  name               = "caller"
  location           = "europe-west1"
  initial_node_count = 1
  logging_service    = var.service_from_caller
}
