resource "aws_kms_key" "s3" {
  description         = "S3 objects"
  enable_key_rotation = true
}

# AWS provider >= 4: encryption in a separate resource.
resource "aws_s3_bucket" "data" {
  bucket = "acme-prod-data"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.s3.arn
    }
  }
}

# Several buckets, each encrypted by its own configuration instance.
resource "aws_s3_bucket" "team" {
  for_each = toset(["analytics", "ml"])
  bucket   = "acme-prod-${each.key}"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "team" {
  for_each = toset(["analytics", "ml"])
  bucket   = aws_s3_bucket.team[each.key].id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

# Legacy inline block (AWS provider < 4).
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-prod-legacy"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "aws:kms"
      }
    }
  }
}

# Not created at all.
resource "aws_s3_bucket" "disabled" {
  count  = 0
  bucket = "acme-prod-disabled"
}
