locals {
  buckets = ["raw", "curated"]
}

resource "aws_s3_bucket" "website" { # expect: AWS005
  bucket = "acme-website"
}

resource "aws_s3_bucket" "lake" { # expect: AWS005
  count  = length(local.buckets)
  bucket = "acme-lake-${local.buckets[count.index]}"
}
