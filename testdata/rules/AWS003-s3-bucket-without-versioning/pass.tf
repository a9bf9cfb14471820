variable "versioning_enabled" {
  type    = bool
  default = true
}

variable "status_from_caller" {
  type = string
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id

  versioning_configuration {
    status = var.versioning_enabled ? "Enabled" : "Suspended"
  }
}

resource "aws_s3_bucket" "legacy_on" {
  bucket = "acme-legacy-on"

  versioning {
    enabled = true
  }
}

# The status is decided by the caller: unknown, not reported.
resource "aws_s3_bucket" "caller" {
  bucket = "acme-caller"
}

resource "aws_s3_bucket_versioning" "caller" {
  bucket = aws_s3_bucket.caller.id

  versioning_configuration {
    status = var.status_from_caller
  }
}
