variable "allow_egress" {
  type    = bool
  default = false
}

resource "aws_vpc" "secure" {
  cidr_block = "10.2.0.0/16"
}

# No rules: Terraform removes every rule of the default group.
resource "aws_default_security_group" "secure" {
  vpc_id = aws_vpc.secure.id
}

resource "aws_vpc" "toggle" {
  cidr_block = "10.3.0.0/16"
}

resource "aws_default_security_group" "toggle" {
  vpc_id = aws_vpc.toggle.id

  dynamic "egress" {
    for_each = var.allow_egress ? [1] : []
    content {
      protocol    = "-1"
      from_port   = 0
      to_port     = 0
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}
