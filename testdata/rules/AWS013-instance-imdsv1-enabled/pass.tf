variable "tokens" {
  type    = string
  default = "required"
}

variable "tokens_from_caller" {
  type = string
}

resource "aws_instance" "secure" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"

  metadata_options {
    http_tokens = "required"
  }
}

resource "aws_launch_template" "secure" {
  name_prefix = "secure-"

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = var.tokens
    http_put_response_hop_limit = 1
  }
}

# Metadata service switched off entirely.
resource "aws_instance" "isolated" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"

  metadata_options {
    http_endpoint = "disabled"
  }
}

resource "aws_instance" "caller" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"

  metadata_options {
    http_tokens = var.tokens_from_caller
  }
}
