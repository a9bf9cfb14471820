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

# `*` only in a Deny statement takes permissions away.
resource "aws_iam_user_policy" "quarantine" {
  name = "quarantine"
  user = "compromised"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::public/*" },
      { Effect = "Deny", Action = "*", Resource = "*" },
    ]
  })
}

variable "actions_from_caller" {
  type = list(string)
}

# Not known: no finding.
resource "aws_iam_role_policy" "from_caller" {
  name = "from-caller"
  role = "app"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = var.actions_from_caller, Resource = "*" }]
  })
}

data "aws_iam_policy_document" "deny_everything" {
  statement {
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]
  }
}

resource "aws_iam_group_policy" "deny" {
  name   = "deny"
  group  = "suspended"
  policy = data.aws_iam_policy_document.deny_everything.json
}
