variable "validation_from_caller" {
  type = bool
}

resource "aws_cloudtrail" "secure" {
  name                       = "secure"
  s3_bucket_name             = "acme-trail"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}

resource "aws_cloudtrail" "caller" {
  name                       = "caller"
  s3_bucket_name             = "acme-trail"
  enable_log_file_validation = var.validation_from_caller
}
