locals {
  trail = {
    multi_region = false
  }
}

resource "aws_cloudtrail" "main" { # expect: AWS028
  name                       = "main"
  s3_bucket_name             = "acme-trail"
  enable_log_file_validation = true
}

resource "aws_cloudtrail" "secondary" {
  name                       = "secondary"
  s3_bucket_name             = "acme-trail"
  enable_log_file_validation = true
  is_multi_region_trail      = local.trail.multi_region # expect: AWS028
}
