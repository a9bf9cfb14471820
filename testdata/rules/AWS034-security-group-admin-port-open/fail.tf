variable "admin_cidrs" {
  type    = list(string)
  default = ["0.0.0.0/0"]
}

variable "web_ingress" {
  type = list(object({
    port  = number
    cidrs = list(string)
  }))
  default = [
    { port = 443, cidrs = ["0.0.0.0/0"] },
    { port = 22, cidrs = ["0.0.0.0/0"] },
  ]
}

locals {
  everywhere = "0.0.0.0/0"
}

resource "aws_security_group" "bastion" {
  name   = "bastion"
  vpc_id = "vpc-0123456789abcdef0"

  ingress {
    description = "SSH"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # expect: AWS034
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# Rules generated from a variable: the second one opens SSH.
resource "aws_security_group" "web" {
  name   = "web"
  vpc_id = "vpc-0123456789abcdef0"

  dynamic "ingress" {
    for_each = var.web_ingress
    content {
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = "tcp"
      cidr_blocks = ingress.value.cidrs # expect: AWS034
    }
  }
}

resource "aws_security_group" "windows" {
  name   = "windows"
  vpc_id = "vpc-0123456789abcdef0"
}

resource "aws_security_group_rule" "rdp" {
  type              = "ingress"
  security_group_id = aws_security_group.windows.id
  from_port         = 3389
  to_port           = 3389
  protocol          = "tcp"
  cidr_blocks       = var.admin_cidrs # expect: AWS034
}

# A wide port range that includes 22.
resource "aws_security_group_rule" "high_ports" {
  type              = "ingress"
  security_group_id = aws_security_group.windows.id
  from_port         = 0
  to_port           = 65535
  protocol          = "tcp"
  ipv6_cidr_blocks  = ["::/0"] # expect: AWS034
}

resource "aws_vpc_security_group_ingress_rule" "ssh_v6" {
  security_group_id = aws_security_group.bastion.id
  cidr_ipv6         = "::/0" # expect: AWS034
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
}

# All traffic, all ports.
resource "aws_vpc_security_group_ingress_rule" "everything" {
  security_group_id = aws_security_group.windows.id
  cidr_ipv4         = local.everywhere # expect: AWS034
  ip_protocol       = "-1"
}
