locals {
  tls_policy = "Policy-Min-TLS-1-0-2019-07"
}

resource "aws_opensearch_domain" "logs" {
  domain_name    = "logs"
  engine_version = "OpenSearch_2.13"

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = local.tls_policy # expect: AWS045
  }
}

resource "aws_elasticsearch_domain" "legacy" {
  domain_name           = "legacy"
  elasticsearch_version = "7.10"

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-0-2019-07" # expect: AWS045
  }
}

# No endpoint options at all: the provider's default policy accepts TLS 1.0.
resource "aws_opensearch_domain" "defaults" { # expect: AWS045 "when not set, the provider default"
  domain_name    = "defaults"
  engine_version = "OpenSearch_2.13"
}

resource "aws_elasticsearch_domain" "https_only" {
  domain_name = "https-only"

  domain_endpoint_options { # expect: AWS045
    enforce_https = true
  }
}
