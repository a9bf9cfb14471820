variable "min_tls" {
  type    = string
  default = "TLSv1.1_2016"
}

resource "aws_cloudfront_distribution" "site" {
  enabled = true
  aliases = ["www.example.com"]

  origin {
    domain_name = "site.example.com"
    origin_id   = "site"
  }

  default_cache_behavior {
    target_origin_id       = "site"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    viewer_protocol_policy = "redirect-to-https"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  # No minimum_protocol_version with a custom certificate: TLSv1.
  viewer_certificate { # expect: AWS043
    acm_certificate_arn = "arn:aws:acm:us-east-1:111122223333:certificate/abcd"
    ssl_support_method  = "sni-only"
  }
}

resource "aws_cloudfront_distribution" "shop" {
  enabled = true
  aliases = ["shop.example.com"]

  origin {
    domain_name = "shop.example.com"
    origin_id   = "shop"
  }

  default_cache_behavior {
    target_origin_id       = "shop"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    viewer_protocol_policy = "redirect-to-https"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    acm_certificate_arn      = "arn:aws:acm:us-east-1:111122223333:certificate/abcd"
    ssl_support_method       = "sni-only"
    minimum_protocol_version = var.min_tls # expect: AWS043
  }
}
