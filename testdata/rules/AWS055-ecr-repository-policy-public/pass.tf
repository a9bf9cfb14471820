data "aws_caller_identity" "current" {}

resource "aws_ecr_repository_policy" "account" {
  repository = "app"
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "ecr:BatchGetImage"
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
    actions   = ["ecr:BatchGetImage"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_ecr_repository_policy" "from_service" {
  repository = "tools"
  policy = data.aws_iam_policy_document.from_service.json
}
