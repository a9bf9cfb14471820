provider "aws" {
  alias  = "us"
  region = "us-east-1"
}

resource "aws_ebs_encryption_by_default" "us" {
  provider = aws.us
  enabled  = true
}

# `enabled` defaults to true.
resource "aws_ebs_encryption_by_default" "implicit" {
}
