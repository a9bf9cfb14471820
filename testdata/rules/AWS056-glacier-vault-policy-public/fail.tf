resource "aws_glacier_vault" "open" {
  name = "archive"
  access_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" } # expect: AWS056
      Action    = "glacier:InitiateJob"
      Resource  = "*"
    }]
  })
}

data "aws_iam_policy_document" "open" {
  statement {
    sid = "Anyone"
    principals {
      type        = "*"
      identifiers = ["*"] # expect: AWS056 "statement `Anyone` allows anyone"
    }
    actions   = ["glacier:InitiateJob"]
    resources = ["*"]
  }
}

resource "aws_glacier_vault" "from_document" {
  name = "archive-legacy"
  access_policy = data.aws_iam_policy_document.open.json
}
