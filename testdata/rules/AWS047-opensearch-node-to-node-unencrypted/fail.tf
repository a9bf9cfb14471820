variable "node_encryption" {
  type    = bool
  default = false
}

resource "aws_opensearch_domain" "logs" { # expect: AWS047
  domain_name    = "logs"
  engine_version = "OpenSearch_2.13"
}

resource "aws_elasticsearch_domain" "legacy" {
  domain_name           = "legacy"
  elasticsearch_version = "7.10"

  node_to_node_encryption {
    enabled = var.node_encryption # expect: AWS047
  }
}
