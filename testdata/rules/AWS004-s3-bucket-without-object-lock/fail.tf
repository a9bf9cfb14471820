variable "lock_backups" {
  type    = bool
  default = false
}

resource "aws_s3_bucket" "backups" { # expect: AWS004
  bucket = "acme-backups"
}

resource "aws_s3_bucket" "audit" {
  bucket              = "acme-audit"
  object_lock_enabled = var.lock_backups # expect: AWS004
}
