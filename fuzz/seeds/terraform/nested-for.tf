locals {
  x = [for a in range(1000) : [for b in range(1000) : [for c in range(1000) : a + b + c]]]
}
resource "aws_s3_bucket" "bomb" {
  bucket = "x"
  tags   = { n = length(local.x) }
}
resource "aws_s3_bucket" "good" {
  bucket = "b"
  acl    = "public-read"
}
