locals {
  env = "prod"
}

variable "create_reports" {
  type    = bool
  default = true
}

# Plain bucket, nothing configures its encryption.
resource "aws_s3_bucket" "logs" { # expect: AWS001
  bucket = "acme-${local.env}-logs"
}

# Created through count from a variable; still unencrypted.
resource "aws_s3_bucket" "reports" { # expect: AWS001
  count  = var.create_reports ? 1 : 0
  bucket = "acme-${local.env}-reports"
}

# An encryption configuration exists in the module, but for another bucket.
resource "aws_s3_bucket" "uploads" { # expect: AWS001
  bucket = "acme-${local.env}-uploads"
}
