variable "kms_algorithm" {
  type    = string
  default = "aws:kms"
}

variable "algorithm_from_caller" {
  type = string
}

resource "aws_kms_key" "s3" {
  enable_key_rotation = true
}

resource "aws_s3_bucket" "secure" {
  bucket = "acme-secure"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "secure" {
  bucket = aws_s3_bucket.secure.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.kms_algorithm
      kms_master_key_id = aws_kms_key.s3.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket" "dsse" {
  bucket = "acme-dsse"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "dsse" {
  bucket = aws_s3_bucket.dsse.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms:dsse"
    }
  }
}

# Unknown: the caller decides.
resource "aws_s3_bucket" "caller" {
  bucket = "acme-caller"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "caller" {
  bucket = aws_s3_bucket.caller.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = var.algorithm_from_caller
    }
  }
}
