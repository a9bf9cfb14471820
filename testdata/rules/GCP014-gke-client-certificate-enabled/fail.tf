locals {
  issue_cert = true
}

resource "google_container_cluster" "old" {
  name               = "old"
  location           = "europe-west1"
  initial_node_count = 1

  master_auth {
    client_certificate_config {
      issue_client_certificate = local.issue_cert # expect: GCP014
    }
  }
}
