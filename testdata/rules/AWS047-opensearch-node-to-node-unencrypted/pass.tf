variable "n2n_from_caller" {
  type = bool
}

resource "aws_opensearch_domain" "secure" {
  domain_name    = "secure"
  engine_version = "OpenSearch_2.13"

  node_to_node_encryption {
    enabled = true
  }
}

resource "aws_opensearch_domain" "caller" {
  domain_name    = "caller"
  engine_version = "OpenSearch_2.13"

  node_to_node_encryption {
    enabled = var.n2n_from_caller
  }
}
