variable "encrypted" {
  type    = bool
  default = true
}

data "aws_kms_key" "efs" {
  key_id = "alias/efs"
}

resource "aws_efs_file_system" "secure" {
  creation_token = "secure"
  encrypted      = var.encrypted
  kms_key_id     = data.aws_kms_key.efs.arn
}

resource "aws_efs_file_system" "from_data" {
  creation_token = "from-data"
  encrypted      = data.aws_kms_key.efs.enabled
}
