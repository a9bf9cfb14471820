variable "block" {
  type    = bool
  default = true
}

variable "block_from_caller" {
  type = bool
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_public_access_block" "data" {
  bucket = aws_s3_bucket.data.id

  block_public_acls       = var.block
  block_public_policy     = var.block
  ignore_public_acls      = var.block
  restrict_public_buckets = var.block
}

resource "aws_s3_bucket" "caller" {
  bucket = "acme-caller"
}

resource "aws_s3_bucket_public_access_block" "caller" {
  bucket = aws_s3_bucket.caller.id

  block_public_acls       = true
  block_public_policy     = var.block_from_caller
  ignore_public_acls      = true
  restrict_public_buckets = true
}
