# Every action, but on one bucket only: AWS048, not administrator access.
resource "aws_iam_policy" "bucket_admin" {
  name = "bucket-admin"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "*", Resource = "arn:aws:s3:::team/*" }]
  })
}

resource "aws_iam_policy" "read_only" {
  name = "read-only"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["ec2:Describe*", "s3:List*"], Resource = "*" }]
  })
}

data "aws_iam_policy_document" "boundary" {
  statement {
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "boundary" {
  name   = "boundary"
  policy = data.aws_iam_policy_document.boundary.json
}
