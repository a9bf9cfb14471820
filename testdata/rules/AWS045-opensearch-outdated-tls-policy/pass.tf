variable "policy_from_caller" {
  type = string
}

resource "aws_opensearch_domain" "secure" {
  domain_name    = "secure"
  engine_version = "OpenSearch_2.13"

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"
  }
}

resource "aws_opensearch_domain" "caller" {
  domain_name    = "caller"
  engine_version = "OpenSearch_2.13"

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = var.policy_from_caller
  }
}
