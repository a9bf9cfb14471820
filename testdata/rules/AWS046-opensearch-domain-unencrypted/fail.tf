variable "encrypt_search" {
  type    = bool
  default = false
}

resource "aws_opensearch_domain" "logs" { # expect: AWS046
  domain_name    = "logs"
  engine_version = "OpenSearch_2.13"
}

resource "aws_elasticsearch_domain" "legacy" {
  domain_name           = "legacy"
  elasticsearch_version = "7.10"

  encrypt_at_rest {
    enabled = var.encrypt_search # expect: AWS046
  }
}
