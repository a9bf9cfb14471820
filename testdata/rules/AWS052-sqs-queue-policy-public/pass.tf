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

resource "aws_sqs_queue_policy" "heredoc_from_topic" {
  queue_url = "https://sqs.eu-west-1.amazonaws.com/111122223333/events"
  policy    = <<-POLICY
    {
      "Statement": [{
        "Effect": "Allow",
        "Principal": "*",
        "Action": "sqs:SendMessage",
        "Resource": "arn:aws:sqs:eu-west-1:111122223333:events",
        "Condition": {"ArnEquals": {"aws:SourceArn": "${var.topic_arn}"}}
      }]
    }
  POLICY
}

variable "topic_arn" {
  type = string
}

# A hole outside a string: not a document we can read.
resource "aws_sqs_queue_policy" "generated" {
  queue_url = "https://sqs.eu-west-1.amazonaws.com/111122223333/generated"
  policy    = <<-POLICY
    {"Statement": ${var.statements_json}}
  POLICY
}

variable "statements_json" {
  type = string
}
