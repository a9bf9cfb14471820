variable "encrypt_from_caller" {
  type = bool
}

resource "aws_opensearch_domain" "secure" {
  domain_name    = "secure"
  engine_version = "OpenSearch_2.13"

  encrypt_at_rest {
    enabled = true
  }
}

resource "aws_opensearch_domain" "caller" {
  domain_name    = "caller"
  engine_version = "OpenSearch_2.13"

  encrypt_at_rest {
    enabled = var.encrypt_from_caller
  }
}
