variable "secrets_encryption" {
  type    = string
  default = "DECRYPTED"
}

resource "google_container_cluster" "dev" { # expect: GCP011
  name               = "dev"
  location           = "europe-west1"
  initial_node_count = 1
}

resource "google_container_cluster" "staging" {
  name               = "staging"
  location           = "europe-west1"
  initial_node_count = 1

  database_encryption {
    state    = var.secrets_encryption # expect: GCP011
    key_name = ""
  }
}
