# PassRole only for one role, and no service to pass it to.
data "aws_iam_policy_document" "scoped_pass" {
  statement {
    actions   = ["iam:PassRole"]
    resources = ["arn:aws:iam::111122223333:role/app"]
  }
  statement {
    actions   = ["ec2:RunInstances"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "scoped_pass" {
  name   = "scoped-pass"
  role   = "ci"
  policy = data.aws_iam_policy_document.scoped_pass.json
}

# An unconditional Deny takes the grant away.
resource "aws_iam_policy" "denied" {
  name = "denied"
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Action = "iam:*", Resource = "*" },
      { Effect = "Deny", Action = ["iam:Put*", "iam:Attach*", "iam:Create*", "iam:Update*", "iam:SetDefaultPolicyVersion", "iam:AddUserToGroup", "iam:PassRole"], Resource = "*" },
    ]
  })
}

# The override replaces the statement with the same Sid.
data "aws_iam_policy_document" "base" {
  statement {
    sid       = "Keys"
    actions   = ["iam:CreateAccessKey"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "narrowed" {
  statement {
    sid       = "Keys"
    actions   = ["iam:CreateAccessKey"]
    resources = ["arn:aws:iam::111122223333:user/&{aws:username}"]
  }
}

data "aws_iam_policy_document" "self_service" {
  source_policy_documents   = [data.aws_iam_policy_document.base.json]
  override_policy_documents = [data.aws_iam_policy_document.narrowed.json]
}

resource "aws_iam_user_policy" "self_service" {
  name   = "self-service"
  user   = "dev"
  policy = data.aws_iam_policy_document.self_service.json
}
