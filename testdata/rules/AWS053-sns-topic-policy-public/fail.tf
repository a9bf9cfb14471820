resource "aws_sns_topic_policy" "open" {
  arn = "arn:aws:sns:eu-west-1:111122223333:alerts"
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" } # expect: AWS053
      Action    = "sns:Publish"
      Resource  = "*"
    }]
  })
}

data "aws_iam_policy_document" "open" {
  statement {
    sid = "Anyone"
    principals {
      type        = "*"
      identifiers = ["*"] # expect: AWS053 "statement `Anyone` allows anyone"
    }
    actions   = ["sns:Publish"]
    resources = ["*"]
  }
}

resource "aws_sns_topic" "from_document" {
  name = "alerts"
  policy = data.aws_iam_policy_document.open.json
}
