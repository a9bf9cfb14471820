resource "aws_iam_policy" "admin" {
  name = "admin"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "Everything"
      Effect   = "Allow"
      Action   = "*" # expect: AWS049 "statement `Everything` allows"
      Resource = "*"
    }]
  })
}

# NotAction with Allow on `*` is administrator access in all but name.
data "aws_iam_policy_document" "not_billing" {
  statement {
    not_actions = ["aws-portal:*"] # expect: AWS049
    resources   = ["*"]
  }
}

resource "aws_iam_role_policy" "not_billing" {
  name   = "not-billing"
  role   = "ops"
  policy = data.aws_iam_policy_document.not_billing.json
}

# A heredoc: the finding is on the attribute.
resource "aws_iam_user_policy" "heredoc" {
  name   = "heredoc"
  user   = "legacy"
  # expect-next-line: AWS049
  policy = <<-EOT
    {"Version": "2012-10-17",
     "Statement": [{"Effect": "Allow", "Action": ["*"], "Resource": ["*"]}]}
  EOT
}
