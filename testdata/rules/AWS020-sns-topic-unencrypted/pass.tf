variable "key_from_caller" {
  type = string
}

resource "aws_kms_key" "sns" {
  enable_key_rotation = true
}

resource "aws_sns_topic" "secure" {
  name              = "secure"
  kms_master_key_id = aws_kms_key.sns.id
}

resource "aws_sns_topic" "managed" {
  name              = "managed"
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_sns_topic" "caller" {
  name              = "caller"
  kms_master_key_id = var.key_from_caller
}
