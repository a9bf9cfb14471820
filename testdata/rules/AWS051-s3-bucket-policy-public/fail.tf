resource "aws_s3_bucket" "site" {
  bucket = "acme-site"
}

resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PublicRead"
      Effect    = "Allow"
      Principal = "*" # expect: AWS051 "statement `PublicRead` allows anyone"
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.site.arn}/*"
    }]
  })
}

data "aws_iam_policy_document" "uploads" {
  statement {
    principals {
      type        = "AWS"
      identifiers = ["*"] # expect: AWS051
    }
    actions   = ["s3:PutObject"]
    resources = ["arn:aws:s3:::acme-uploads/*"]
    # A negated condition narrows nothing.
    condition {
      test     = "StringNotEquals"
      variable = "aws:SourceAccount"
      values   = ["111122223333"]
    }
  }
}

resource "aws_s3_bucket_policy" "uploads" {
  bucket = "acme-uploads"
  policy = data.aws_iam_policy_document.uploads.json
}

# The legacy inline policy of the bucket itself.
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"
  policy = "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"*\"}, \"Action\": \"s3:*\", \"Resource\": \"arn:aws:s3:::acme-legacy/*\"}]}" # expect: AWS051
}
