variable "https_from_caller" {
  type = bool
}

# enforce_https defaults to true.
resource "aws_opensearch_domain" "default" {
  domain_name    = "default"
  engine_version = "OpenSearch_2.13"
}

resource "aws_opensearch_domain" "secure" {
  domain_name    = "secure"
  engine_version = "OpenSearch_2.13"

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-2019-07"
  }
}

resource "aws_opensearch_domain" "caller" {
  domain_name    = "caller"
  engine_version = "OpenSearch_2.13"

  domain_endpoint_options {
    enforce_https = var.https_from_caller
  }
}
