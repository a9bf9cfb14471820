variable "n2n_from_caller" {
  type = bool
}

variable "nodes" {
  type = number
}

resource "aws_opensearch_domain" "secure" {
  domain_name    = "secure"
  engine_version = "OpenSearch_2.13"

  cluster_config {
    instance_count = 2
  }

  node_to_node_encryption {
    enabled = true
  }
}

resource "aws_opensearch_domain" "caller" {
  domain_name    = "caller"
  engine_version = "OpenSearch_2.13"

  cluster_config {
    instance_count = 2
  }

  node_to_node_encryption {
    enabled = var.n2n_from_caller
  }
}

# One node (the provider's default count), no dedicated masters: no
# traffic between nodes to encrypt.
resource "aws_opensearch_domain" "single" {
  domain_name    = "single"
  engine_version = "OpenSearch_2.13"
}

resource "aws_elasticsearch_domain" "one_node" {
  domain_name           = "one-node"
  elasticsearch_version = "7.10"

  cluster_config {
    instance_type  = "t3.small.elasticsearch"
    instance_count = 1
  }
}

# How many nodes is not known here.
resource "aws_opensearch_domain" "sized_by_caller" {
  domain_name    = "sized-by-caller"
  engine_version = "OpenSearch_2.13"

  cluster_config {
    instance_count = var.nodes
  }
}
