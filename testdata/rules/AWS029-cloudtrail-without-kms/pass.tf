variable "key_from_caller" {
  type = string
}

resource "aws_kms_key" "trail" {
  enable_key_rotation = true
}

resource "aws_cloudtrail" "secure" {
  name                       = "secure"
  s3_bucket_name             = "acme-trail"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.trail.arn
}

resource "aws_cloudtrail" "caller" {
  name           = "caller"
  s3_bucket_name = "acme-trail"
  kms_key_id     = var.key_from_caller
}
