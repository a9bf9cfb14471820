variable "topic_key" {
  type    = string
  default = null
}

resource "aws_sns_topic" "alerts" { # expect: AWS020
  name = "alerts"
}

resource "aws_sns_topic" "orders" { # expect: AWS020
  name              = "orders"
  kms_master_key_id = var.topic_key
}
