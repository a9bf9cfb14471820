resource "aws_s3_bucket" "c0" {
  count  = 100000
  bucket = "c${count.index}"
}
resource "aws_s3_bucket" "c1" {
  count  = 100000
  bucket = "c${count.index}"
}
resource "aws_s3_bucket" "c2" {
  count  = 100000
  bucket = "c${count.index}"
}
resource "aws_s3_bucket" "c3" {
  count  = 100000
  bucket = "c${count.index}"
}
resource "aws_s3_bucket" "c4" {
  count  = 100000
  bucket = "c${count.index}"
}
resource "aws_s3_bucket" "c5" {
  count  = 100000
  bucket = "c${count.index}"
}
resource "aws_s3_bucket" "c6" {
  count  = 100000
  bucket = "c${count.index}"
}
resource "aws_s3_bucket" "c7" {
  count  = 100000
  bucket = "c${count.index}"
}
resource "aws_s3_bucket" "c8" {
  count  = 100000
  bucket = "c${count.index}"
}
resource "aws_s3_bucket" "c9" {
  count  = 100000
  bucket = "c${count.index}"
}
resource "aws_s3_bucket" "bomb" {
  bucket = "x"
  tags   = { n = length(local.x) }
}
resource "aws_s3_bucket" "good" {
  bucket = "b"
  acl    = "public-read"
}
