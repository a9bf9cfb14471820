data "aws_caller_identity" "current" {}

resource "aws_sns_topic_policy" "account" {
  arn = "arn:aws:sns:eu-west-1:111122223333:alerts"
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "sns:Publish"
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
    actions   = ["sns:Publish"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_sns_topic" "from_service" {
  name = "alerts"
  policy = data.aws_iam_policy_document.from_service.json
}
