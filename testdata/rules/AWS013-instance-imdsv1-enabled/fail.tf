variable "http_tokens" {
  type    = string
  default = "optional"
}

# No metadata_options: http_tokens defaults to "optional".
resource "aws_instance" "legacy" { # expect: AWS013
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
}

resource "aws_instance" "app" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = var.http_tokens # expect: AWS013
  }
}

resource "aws_launch_template" "nodes" {
  name_prefix = "nodes-"

  metadata_options { # expect: AWS013
    http_put_response_hop_limit = 2
  }
}

resource "aws_launch_configuration" "old" {
  name_prefix   = "old-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "t3.micro"

  metadata_options {
    http_tokens = "optional" # expect: AWS013
  }
}
