variable "org_id" {
  type = string
}

# Anyone in the organisation.
data "aws_iam_policy_document" "shared" {
  statement {
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::acme-shared/*"]
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = [var.org_id]
    }
  }
}

resource "aws_s3_bucket_policy" "shared" {
  bucket = "acme-shared"
  policy = data.aws_iam_policy_document.shared.json
}

# Deny anyone who does not use TLS: a Deny grants nothing.
resource "aws_s3_bucket_policy" "tls_only" {
  bucket = "acme-private"
  policy = jsonencode({
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = ["arn:aws:s3:::acme-private", "arn:aws:s3:::acme-private/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

# Only through one VPC endpoint.
resource "aws_s3_bucket_policy" "vpce" {
  bucket = "acme-internal"
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::acme-internal/*"
      Condition = { StringEquals = { "aws:SourceVpce" = "vpce-0123456789abcdef0" } }
    }]
  })
}

variable "policy_from_caller" {
  type = string
}

resource "aws_s3_bucket_policy" "unknown" {
  bucket = "acme-other"
  policy = var.policy_from_caller
}
