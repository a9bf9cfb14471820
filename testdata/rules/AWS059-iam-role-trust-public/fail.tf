resource "aws_iam_role" "anyone" {
  name = "anyone"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" } # expect: AWS059
      Action    = "sts:AssumeRole"
    }]
  })
}

data "aws_iam_policy_document" "anyone_with_condition_if_exists" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["*"] # expect: AWS059
    }
    # IfExists: true whenever the key is missing, so it narrows nothing.
    condition {
      test     = "StringEqualsIfExists"
      variable = "aws:PrincipalOrgID"
      values   = ["o-abc123"]
    }
  }
}

resource "aws_iam_role" "if_exists" {
  name               = "if-exists"
  assume_role_policy = data.aws_iam_policy_document.anyone_with_condition_if_exists.json
}
