resource "aws_ses_email_identity" "alerts" {
  email = "alerts@example.org"
}

resource "aws_ses_identity_policy" "one_account" {
  identity = aws_ses_email_identity.alerts.arn
  name     = "one-account"
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:role/mailer" }
      Action    = "ses:SendEmail"
      Resource  = aws_ses_email_identity.alerts.arn
    }]
  })
}

data "aws_iam_policy_document" "organisation" {
  statement {
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    actions   = ["ses:SendEmail"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-abc123def4"]
    }
  }
}

resource "aws_ses_identity_policy" "organisation" {
  identity = aws_ses_email_identity.alerts.arn
  name     = "organisation"
  policy   = data.aws_iam_policy_document.organisation.json
}

variable "sending_policy" {
  type = string
}

# Not known here: never reported.
resource "aws_ses_identity_policy" "from_variable" {
  identity = aws_ses_email_identity.alerts.arn
  name     = "from-variable"
  policy   = var.sending_policy
}
