variable "state_from_caller" {
  type = string
}

resource "google_container_cluster" "prod" {
  name               = "prod"
  location           = "europe-west1"
  initial_node_count = 1

  database_encryption {
    state    = "ENCRYPTED"
    key_name = "projects/acme/locations/europe-west1/keyRings/gke/cryptoKeys/secrets"
  }
}

resource "google_container_cluster" "caller" {
  name               = "caller"
  location           = "europe-west1"
  initial_node_count = 1

  database_encryption {
    state    = var.state_from_caller
    key_name = "projects/acme/locations/europe-west1/keyRings/gke/cryptoKeys/secrets"
  }
}
