variable "table_kms_key_arn" {
  type    = string
  default = null
}

# Default encryption with an AWS-owned key.
resource "aws_dynamodb_table" "sessions" { # expect: AWS019
  name         = "sessions"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }
}

# AWS-managed key: the variable has no key by default.
resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  server_side_encryption { # expect: AWS019
    enabled     = true
    kms_key_arn = var.table_kms_key_arn
  }
}

resource "aws_dynamodb_table" "events" {
  name         = "events"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  server_side_encryption {
    enabled = false # expect: AWS019
  }
}
