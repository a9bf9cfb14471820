data "aws_iam_policy_document" "app" {
  statement {
    actions   = ["*"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "scoped" {
  name = "scoped"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:ListBucket", "kms:*"]
      Resource = ["arn:aws:s3:::acme-data", "arn:aws:s3:::acme-data/*"]
    }]
  })
}

# Built from a data source: not known statically.
resource "aws_iam_role_policy" "from_document" {
  name   = "from-document"
  role   = "app"
  policy = data.aws_iam_policy_document.app.json
}

resource "aws_iam_user_policy" "deny_all" {
  name = "quarantine"
  user = "compromised"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Deny"
      Action   = "*"
      Resource = "*"
    }]
  })
}
