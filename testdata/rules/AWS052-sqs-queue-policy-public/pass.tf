data "aws_caller_identity" "current" {}

resource "aws_sqs_queue_policy" "account" {
  queue_url = "https://sqs.eu-west-1.amazonaws.com/111122223333/jobs"
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "sqs:SendMessage"
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
    actions   = ["sqs:SendMessage"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_sqs_queue" "from_service" {
  name = "jobs"
  policy = data.aws_iam_policy_document.from_service.json
}
