variable "rotation_from_caller" {
  type = bool
}

resource "aws_kms_key" "rotated" {
  description             = "Rotated"
  enable_key_rotation     = true
  rotation_period_in_days = 180
}

# Asymmetric signing keys cannot be rotated automatically.
resource "aws_kms_key" "signing" {
  description              = "Code signing"
  customer_master_key_spec = "ECC_NIST_P256"
  key_usage                = "SIGN_VERIFY"
}

resource "aws_kms_key" "hmac" {
  description              = "Webhook MACs"
  customer_master_key_spec = "HMAC_256"
  key_usage                = "GENERATE_VERIFY_MAC"
}

resource "aws_kms_key" "caller" {
  description         = "Caller decides"
  enable_key_rotation = var.rotation_from_caller
}
