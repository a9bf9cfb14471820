locals {
  open_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "es:ESHttp*"
      Resource  = "*"
    }]
  })
}

# Inside a VPC an open policy is the documented pattern.
resource "aws_opensearch_domain" "private" {
  domain_name = "private"
  vpc_options {
    subnet_ids         = ["subnet-0a1b2c3d"]
    security_group_ids = ["sg-0a1b2c3d"]
  }
  access_policies = local.open_policy
}

# So it is with fine-grained access control.
resource "aws_elasticsearch_domain" "fine_grained" {
  domain_name = "fine-grained"
  advanced_security_options {
    enabled                        = true
    internal_user_database_enabled = true
  }
}

resource "aws_elasticsearch_domain_policy" "fine_grained" {
  domain_name     = aws_elasticsearch_domain.fine_grained.domain_name
  access_policies = local.open_policy
}

resource "aws_opensearch_domain_policy" "private" {
  domain_name     = aws_opensearch_domain.private.domain_name
  access_policies = local.open_policy
}

resource "aws_opensearch_domain" "named" {
  domain_name = "named"
  access_policies = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:role/indexer" }
      Action    = "es:ESHttp*"
      Resource  = "*"
    }]
  })
}

resource "aws_opensearch_domain" "from_office" {
  domain_name = "from-office"
  access_policies = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "es:ESHttpGet"
      Resource  = "*"
      Condition = { IpAddress = { "aws:SourceIp" = ["203.0.113.0/24"] } }
    }]
  })
}
