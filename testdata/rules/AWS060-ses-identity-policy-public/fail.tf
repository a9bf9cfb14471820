resource "aws_ses_domain_identity" "mail" {
  domain = "mail.example.org"
}

resource "aws_ses_identity_policy" "anyone_sends" {
  identity = aws_ses_domain_identity.mail.arn
  name     = "anyone-sends"
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = "*" # expect: AWS060 "open to anyone"
      Action    = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource  = aws_ses_domain_identity.mail.arn
    }]
  })
}

data "aws_iam_policy_document" "any_account" {
  statement {
    sid = "AnyAccount"
    principals {
      type        = "AWS"
      identifiers = ["*"] # expect: AWS060 "statement `AnyAccount` allows anyone"
    }
    actions   = ["ses:SendRawEmail"]
    resources = ["*"]
  }
}

resource "aws_ses_identity_policy" "from_document" {
  identity = aws_ses_domain_identity.mail.arn
  name     = "any-account"
  policy   = data.aws_iam_policy_document.any_account.json
}
