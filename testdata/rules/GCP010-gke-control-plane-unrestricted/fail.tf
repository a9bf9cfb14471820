variable "admin_cidr" {
  type    = string
  default = "0.0.0.0/0"
}

# No authorized networks, public endpoint.
resource "google_container_cluster" "dev" { # expect: GCP010
  name               = "dev"
  location           = "europe-west1"
  initial_node_count = 1
}

resource "google_container_cluster" "staging" {
  name               = "staging"
  location           = "europe-west1"
  initial_node_count = 1

  master_authorized_networks_config {
    cidr_blocks {
      cidr_block   = "203.0.113.0/24"
      display_name = "office"
    }

    cidr_blocks {
      cidr_block   = var.admin_cidr # expect: GCP010
      display_name = "admins"
    }
  }

  private_cluster_config {
    enable_private_nodes    = true
    enable_private_endpoint = false
    master_ipv4_cidr_block  = "172.16.0.0/28"
  }
}
