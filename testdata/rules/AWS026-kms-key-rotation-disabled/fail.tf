variable "rotate_keys" {
  type    = bool
  default = false
}

resource "aws_kms_key" "data" { # expect: AWS026
  description = "Application data"
}

resource "aws_kms_key" "backups" {
  description              = "Backups"
  customer_master_key_spec = "SYMMETRIC_DEFAULT"
  enable_key_rotation      = var.rotate_keys # expect: AWS026
}

resource "aws_kms_key" "logs" { # expect: AWS026
  for_each    = toset(["app", "audit"])
  description = "Logs of ${each.key}"
}
