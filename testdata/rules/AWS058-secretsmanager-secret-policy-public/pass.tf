data "aws_caller_identity" "current" {}

resource "aws_secretsmanager_secret_policy" "account" {
  secret_arn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db"
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "secretsmanager:GetSecretValue"
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
    actions   = ["secretsmanager:GetSecretValue"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_secretsmanager_secret" "from_service" {
  name = "db-legacy"
  policy = data.aws_iam_policy_document.from_service.json
}
