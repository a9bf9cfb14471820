variable "versioning_status" {
  type    = string
  default = "Suspended"
}

resource "aws_s3_bucket" "plain" { # expect: AWS003
  bucket = "acme-plain"
}

resource "aws_s3_bucket" "suspended" {
  bucket = "acme-suspended"
}

resource "aws_s3_bucket_versioning" "suspended" {
  bucket = aws_s3_bucket.suspended.id

  versioning_configuration {
    status = var.versioning_status # expect: AWS003
  }
}

# Legacy inline block, explicitly off.
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"

  versioning {
    enabled = false # expect: AWS003
  }
}
