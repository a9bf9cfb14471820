locals {
  x = [for i in range(1024) : [for j in range(1024) : [for k in range(1024) : k if k > i] if j > i] if i >= 0]
}
resource "aws_s3_bucket" "bomb" {
  bucket = "x"
  tags   = { n = length(local.x) }
}
resource "aws_s3_bucket" "good" {
  bucket = "b"
  acl    = "public-read"
}
