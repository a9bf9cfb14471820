variable "node_encryption" {
  type    = bool
  default = false
}

resource "aws_opensearch_domain" "logs" { # expect: AWS047
  domain_name    = "logs"
  engine_version = "OpenSearch_2.13"

  cluster_config {
    instance_count = 3
  }
}

resource "aws_elasticsearch_domain" "legacy" {
  domain_name           = "legacy"
  elasticsearch_version = "7.10"

  cluster_config {
    instance_count           = 1
    dedicated_master_enabled = true
  }

  node_to_node_encryption {
    enabled = var.node_encryption # expect: AWS047
  }
}
