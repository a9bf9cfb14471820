locals {
  name = "acme-payments"
}

resource "aws_s3_bucket" "payments" { # expect: AWS008
  bucket = local.name
}
