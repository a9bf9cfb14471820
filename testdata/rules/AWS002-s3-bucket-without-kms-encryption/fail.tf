variable "sse_algorithm" {
  type    = string
  default = "AES256"
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256" # expect: AWS002
    }
  }
}

resource "aws_s3_bucket" "exports" {
  bucket = "acme-exports"
}

# The algorithm comes from a variable whose default is SSE-S3.
resource "aws_s3_bucket_server_side_encryption_configuration" "exports" {
  bucket = aws_s3_bucket.exports.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = var.sse_algorithm # expect: AWS002
    }
  }
}

# Legacy inline block.
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "AES256" # expect: AWS002
      }
    }
  }
}
