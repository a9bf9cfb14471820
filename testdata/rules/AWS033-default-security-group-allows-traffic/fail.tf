variable "allow_all_egress" {
  type    = bool
  default = true
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_default_security_group" "main" {
  vpc_id = aws_vpc.main.id

  ingress { # expect: AWS033
    protocol  = "-1"
    self      = true
    from_port = 0
    to_port   = 0
  }
}

resource "aws_vpc" "legacy" {
  cidr_block = "10.1.0.0/16"
}

resource "aws_default_security_group" "legacy" {
  vpc_id = aws_vpc.legacy.id

  dynamic "egress" { # expect: AWS033
    for_each = var.allow_all_egress ? [1] : []
    content {
      protocol    = "-1"
      from_port   = 0
      to_port     = 0
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}
