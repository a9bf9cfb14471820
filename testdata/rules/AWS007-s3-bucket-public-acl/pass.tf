variable "acl_from_caller" {
  type = string
}

resource "aws_s3_bucket" "private" {
  bucket = "acme-private"
  acl    = "private"
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}

resource "aws_s3_bucket_acl" "logs" {
  bucket = aws_s3_bucket.logs.id
  acl    = "log-delivery-write"
}

resource "aws_s3_bucket" "caller" {
  bucket = "acme-caller"
}

resource "aws_s3_bucket_acl" "caller" {
  bucket = aws_s3_bucket.caller.id
  acl    = var.acl_from_caller
}

resource "aws_s3_bucket" "delivery" {
  bucket = "acme-delivery"
}

resource "aws_s3_bucket_acl" "delivery" {
  bucket = aws_s3_bucket.delivery.id

  access_control_policy {
    grant {
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/s3/LogDelivery"
      }
      permission = "WRITE"
    }

    owner {
      id = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
    }
  }
}
