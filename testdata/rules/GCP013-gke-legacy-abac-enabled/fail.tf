variable "legacy_abac" {
  type    = bool
  default = true
}

resource "google_container_cluster" "old" {
  name               = "old"
  location           = "europe-west1"
  initial_node_count = 1
  enable_legacy_abac = var.legacy_abac # expect: GCP013
}
