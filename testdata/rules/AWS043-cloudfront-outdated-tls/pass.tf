variable "tls_from_caller" {
  type = string
}

resource "aws_cloudfront_distribution" "modern" {
  enabled = true
  aliases = ["app.example.com"]

  origin {
    domain_name = "app.example.com"
    origin_id   = "app"
  }

  default_cache_behavior {
    target_origin_id       = "app"
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
    minimum_protocol_version = "TLSv1.2_2021"
  }
}

# The default *.cloudfront.net certificate cannot be tuned.
resource "aws_cloudfront_distribution" "default_cert" {
  enabled = true

  origin {
    domain_name = "internal.example.com"
    origin_id   = "internal"
  }

  default_cache_behavior {
    target_origin_id       = "internal"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    viewer_protocol_policy = "https-only"
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

resource "aws_cloudfront_distribution" "caller" {
  enabled = true
  aliases = ["caller.example.com"]

  origin {
    domain_name = "caller.example.com"
    origin_id   = "caller"
  }

  default_cache_behavior {
    target_origin_id       = "caller"
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
    minimum_protocol_version = var.tls_from_caller
  }
}
