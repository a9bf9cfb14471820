variable "policy_from_caller" {
  type = string
}

resource "aws_cloudfront_distribution" "secure" {
  enabled = true

  origin {
    domain_name = "secure.example.com"
    origin_id   = "secure"
  }

  default_cache_behavior {
    target_origin_id       = "secure"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    viewer_protocol_policy = "redirect-to-https"
  }

  ordered_cache_behavior {
    path_pattern           = "/legacy/*"
    target_origin_id       = "secure"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    viewer_protocol_policy = var.policy_from_caller
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
