resource "aws_elasticsearch_domain" "logs" {
  domain_name           = "logs"
  elasticsearch_version = "7.10"
}

data "aws_iam_policy_document" "everyone" {
  statement {
    sid     = "Everyone"
    actions = ["es:*"]
    principals {
      type        = "AWS"
      identifiers = ["*"] # expect: AWS061 "statement `Everyone` allows anyone"
    }
    resources = ["*"]
  }
}

resource "aws_elasticsearch_domain_policy" "logs" {
  domain_name     = aws_elasticsearch_domain.logs.domain_name
  access_policies = data.aws_iam_policy_document.everyone.json
}

resource "aws_opensearch_domain" "search" {
  domain_name = "search"
  access_policies = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" } # expect: AWS061
      Action    = "es:ESHttpGet"
      Resource  = "*"
    }]
  })
}

# The domain it names is not in this configuration: judged as public.
resource "aws_opensearch_domain_policy" "elsewhere" {
  domain_name = "shared-search"
  access_policies = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = "*" # expect: AWS061
      Action    = "es:ESHttpPost"
      Resource  = "*"
    }]
  })
}
