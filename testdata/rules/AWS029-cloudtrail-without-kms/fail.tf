variable "trail_kms_key" {
  type    = string
  default = null
}

resource "aws_cloudtrail" "main" { # expect: AWS029
  name                       = "main"
  s3_bucket_name             = "acme-trail"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}

resource "aws_cloudtrail" "secondary" { # expect: AWS029
  name           = "secondary"
  s3_bucket_name = "acme-trail"
  kms_key_id     = var.trail_kms_key
}
