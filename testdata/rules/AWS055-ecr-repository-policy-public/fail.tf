resource "aws_ecr_repository_policy" "open" {
  repository = "app"
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" } # expect: AWS055
      Action    = "ecr:BatchGetImage"
      Resource  = "*"
    }]
  })
}

data "aws_iam_policy_document" "open" {
  statement {
    sid = "Anyone"
    principals {
      type        = "*"
      identifiers = ["*"] # expect: AWS055 "statement `Anyone` allows anyone"
    }
    actions   = ["ecr:BatchGetImage"]
    resources = ["*"]
  }
}

resource "aws_ecr_repository_policy" "from_document" {
  repository = "tools"
  policy = data.aws_iam_policy_document.open.json
}
