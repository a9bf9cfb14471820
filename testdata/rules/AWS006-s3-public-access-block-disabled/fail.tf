variable "allow_public_policy" {
  type    = bool
  default = true
}

resource "aws_s3_bucket" "site" {
  bucket = "acme-site"
}

resource "aws_s3_bucket_public_access_block" "site" {
  bucket = aws_s3_bucket.site.id

  block_public_acls       = true
  block_public_policy     = !var.allow_public_policy # expect: AWS006
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "partial" {
  bucket = "acme-partial"
}

# Omitted settings default to false.
resource "aws_s3_bucket_public_access_block" "partial" { # expect: AWS006
  bucket = aws_s3_bucket.partial.id

  block_public_acls = true
}

resource "aws_s3_account_public_access_block" "account" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = false # expect: AWS006
  restrict_public_buckets = true
}
