# Pass a role to an instance it can launch.
data "aws_iam_policy_document" "launcher" {
  statement {
    actions   = ["iam:PassRole"] # expect: AWS050 "grants `iam:PassRole` with `ec2:RunInstances` on every resource"
    resources = ["*"]
  }
  statement {
    actions   = ["ec2:RunInstances", "ec2:Describe*"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "launcher" {
  name   = "launcher"
  role   = "ci"
  policy = data.aws_iam_policy_document.launcher.json
}

# Write any inline policy on any role.
resource "aws_iam_policy" "policy_writer" {
  name = "policy-writer"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["iam:Put*Policy", "iam:Get*"], Resource = "*" }] # expect: AWS050 "grants `iam:PutUserPolicy`"
  })
}

# Keys for any user, merged in from another document.
data "aws_iam_policy_document" "keys" {
  statement {
    sid       = "Keys"
    actions   = ["iam:CreateAccessKey"] # expect: AWS050
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "support" {
  source_policy_documents = [data.aws_iam_policy_document.keys.json]
  statement {
    actions   = ["support:*"]
    resources = ["*"]
  }
}

resource "aws_iam_user_policy" "support" {
  name   = "support"
  user   = "helpdesk"
  policy = data.aws_iam_policy_document.support.json
}
