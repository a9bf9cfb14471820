data "aws_caller_identity" "current" {}

resource "aws_glacier_vault" "account" {
  name = "archive"
  access_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "glacier:InitiateJob"
      Resource  = "*"
    }]
  })
}

data "aws_iam_policy_document" "from_service" {
  statement {
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    actions   = ["glacier:InitiateJob"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_glacier_vault" "from_service" {
  name = "archive-legacy"
  access_policy = data.aws_iam_policy_document.from_service.json
}
