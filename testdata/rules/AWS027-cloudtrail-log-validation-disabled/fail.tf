variable "validate_logs" {
  type    = bool
  default = false
}

resource "aws_cloudtrail" "main" { # expect: AWS027
  name                  = "main"
  s3_bucket_name        = "acme-trail"
  is_multi_region_trail = true
}

resource "aws_cloudtrail" "data_events" {
  name                       = "data-events"
  s3_bucket_name             = "acme-trail"
  enable_log_file_validation = var.validate_logs # expect: AWS027
}
