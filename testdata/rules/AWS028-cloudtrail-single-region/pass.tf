variable "multi_region_from_caller" {
  type = bool
}

resource "aws_cloudtrail" "org" {
  name                          = "org"
  s3_bucket_name                = "acme-trail"
  is_multi_region_trail         = true
  is_organization_trail         = true
  include_global_service_events = true
}

resource "aws_cloudtrail" "caller" {
  name                  = "caller"
  s3_bucket_name        = "acme-trail"
  is_multi_region_trail = var.multi_region_from_caller
}
