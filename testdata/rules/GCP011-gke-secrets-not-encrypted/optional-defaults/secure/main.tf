locals {
  security = var.cluster_config.security
}

resource "google_container_cluster" "cluster" {
  name               = var.name
  location           = var.cluster_config.location
  initial_node_count = 1

  database_encryption {
    state    = local.security.secrets_key == null ? "DECRYPTED" : "ENCRYPTED"
    key_name = local.security.secrets_key
  }
}

resource "google_container_node_pool" "pools" {
  for_each   = var.cluster_config.node_pools
  name       = each.key
  cluster    = google_container_cluster.cluster.id
  node_count = each.value.min_nodes

  node_config {
    machine_type = each.value.machine_type
  }
}
