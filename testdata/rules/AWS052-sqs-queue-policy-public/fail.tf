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

# A heredoc naming the queue's ARN: the text is unknown, the policy is not.
resource "aws_sqs_queue" "heredoc" {
  name = "heredoc"
}

resource "aws_sqs_queue_policy" "heredoc" {
  queue_url = aws_sqs_queue.heredoc.id
  # expect-next-line: AWS052
  policy = <<-POLICY
    {
      "Statement": [{
        "Effect": "Allow",
        "Principal": "*",
        "Action": "sqs:SendMessage",
        "Resource": "${aws_sqs_queue.heredoc.arn}"
      }]
    }
  POLICY
}
