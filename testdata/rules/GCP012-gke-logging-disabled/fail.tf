variable "logging_service" {
  type    = string
  default = "none"
}

resource "google_container_cluster" "dev" {
  name               = "dev"
  location           = "europe-west1"
  initial_node_count = 1
  logging_service    = var.logging_service # expect: GCP012
}
