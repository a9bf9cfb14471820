# A `dynamic` master_authorized_networks_config: the restriction is missing
# only when the expansion is known to produce no block.

# Given when the configuration is applied: not known here.
variable "authorized_networks" {
  type = list(object({ cidr = string, name = string }))
}

# Unknown for_each: zero or more blocks, so no finding either way.
resource "google_container_cluster" "restricted_by_caller" {
  name               = "restricted-by-caller"
  location           = "europe-west1"
  initial_node_count = 1

  dynamic "master_authorized_networks_config" {
    for_each = length(var.authorized_networks) > 0 ? [1] : []
    content {
      dynamic "cidr_blocks" {
        for_each = var.authorized_networks
        content {
          cidr_block   = cidr_blocks.value.cidr
          display_name = cidr_blocks.value.name
        }
      }
    }
  }
}

# Known and empty: no block, the endpoint is open to everyone.
resource "google_container_cluster" "open" {
  name               = "open"
  location           = "europe-west1"
  initial_node_count = 1

  dynamic "master_authorized_networks_config" { # expect: GCP010
    for_each = []
    content {
      cidr_blocks {
        cidr_block = "10.0.0.0/8"
      }
    }
  }
}
