resource "aws_sqs_queue_policy" "open" {
  queue_url = "https://sqs.eu-west-1.amazonaws.com/111122223333/jobs"
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" } # expect: AWS052
      Action    = "sqs:SendMessage"
      Resource  = "*"
    }]
  })
}

data "aws_iam_policy_document" "open" {
  statement {
    sid = "Anyone"
    principals {
      type        = "*"
      identifiers = ["*"] # expect: AWS052 "statement `Anyone` allows anyone"
    }
    actions   = ["sqs:SendMessage"]
    resources = ["*"]
  }
}

resource "aws_sqs_queue" "from_document" {
  name = "jobs"
  policy = data.aws_iam_policy_document.open.json
}
