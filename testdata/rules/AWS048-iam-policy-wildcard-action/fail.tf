locals {
  # The finding lands where the `*` is written.
  every_action = ["*"] # expect: AWS048 "statement 1 allows"
}

# jsonencode with an ARN that is only known after apply: the statement is
# still judged, and the finding points at the action.
resource "aws_iam_policy" "ci" {
  name = "ci"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = local.every_action
      Resource = aws_s3_bucket.artifacts.arn
    }]
  })
}

resource "aws_s3_bucket" "artifacts" {
  bucket = "ci-artifacts"
}

resource "aws_iam_role_policy" "legacy" {
  name   = "legacy"
  role   = "legacy-app"
  policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"s3:*\", \"*\"], \"Resource\": \"arn:aws:s3:::legacy/*\"}]}" # expect: AWS048
}

# NotAction in an Allow: every action but the listed ones.
resource "aws_iam_user_policy" "almost_everything" {
  name = "almost-everything"
  user = "ops"
  policy = jsonencode({
    Statement = [{
      Sid       = "NotIam"
      Effect    = "Allow"
      NotAction = ["iam:*"] # expect: AWS048 "statement `NotIam` allows every action but those under `NotAction`"
      Resource  = "arn:aws:s3:::ops/*"
    }]
  })
}

# Built by the data source: evaluated, and the finding is on its statement.
data "aws_iam_policy_document" "wide" {
  statement {
    sid       = "Wide"
    actions   = ["*"] # expect: AWS048
    resources = [aws_s3_bucket.artifacts.arn]
  }
}

resource "aws_iam_group_policy" "wide" {
  name   = "wide"
  group  = "developers"
  policy = data.aws_iam_policy_document.wide.json
}

# An inline policy of a role.
resource "aws_iam_role" "inline" {
  name               = "inline"
  assume_role_policy = data.aws_iam_policy_document.ec2_trust.json
  inline_policy {
    name = "everything"
    policy = jsonencode({
      Statement = [{ Effect = "Allow", Action = "*", Resource = "arn:aws:s3:::x" }] # expect: AWS048
    })
  }
}

data "aws_iam_policy_document" "ec2_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}
