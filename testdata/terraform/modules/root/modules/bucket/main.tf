variable "name" {}

variable "acl" {
  default = "private"
}

resource "aws_s3_bucket" "this" {
  bucket = var.name
  acl    = var.acl
}

module "inner" {
  source = "../leaf"
  name   = var.name
}

output "bucket_name" {
  value = aws_s3_bucket.this.bucket
}
