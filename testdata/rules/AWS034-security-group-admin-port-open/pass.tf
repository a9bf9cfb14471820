variable "vpn_cidrs" {
  type    = list(string)
  default = ["10.100.0.0/16"]
}

variable "cidrs_from_caller" {
  type = list(string)
}

resource "aws_security_group" "public_web" {
  name   = "public-web"
  vpc_id = "vpc-0123456789abcdef0"

  ingress {
    description      = "HTTPS"
    from_port        = 443
    to_port          = 443
    protocol         = "tcp"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }

  ingress {
    description = "SSH from the VPN"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = var.vpn_cidrs
  }

  ingress {
    description     = "SSH from the bastion"
    from_port       = 22
    to_port         = 22
    protocol        = "tcp"
    security_groups = ["sg-0123456789abcdef0"]
  }
}

resource "aws_security_group_rule" "egress_all" {
  type              = "egress"
  security_group_id = aws_security_group.public_web.id
  from_port         = 0
  to_port           = 0
  protocol          = "-1"
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_security_group_rule" "ssh_from_caller" {
  type              = "ingress"
  security_group_id = aws_security_group.public_web.id
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = var.cidrs_from_caller
}

resource "aws_vpc_security_group_ingress_rule" "https_v4" {
  security_group_id = aws_security_group.public_web.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}

resource "aws_vpc_security_group_ingress_rule" "rdp_from_vpn" {
  security_group_id = aws_security_group.public_web.id
  cidr_ipv4         = "10.100.0.0/16"
  ip_protocol       = "tcp"
  from_port         = 3389
  to_port           = 3389
}

resource "aws_vpc_security_group_egress_rule" "all" {
  security_group_id = aws_security_group.public_web.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}
