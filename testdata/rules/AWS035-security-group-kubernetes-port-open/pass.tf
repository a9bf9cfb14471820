variable "cidrs_from_caller" {
  type = list(string)
}

resource "aws_security_group" "private_api" {
  name   = "private-api"
  vpc_id = "vpc-0123456789abcdef0"

  ingress {
    description = "Kubernetes API from the VPC"
    from_port   = 6443
    to_port     = 6443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/16"]
  }

  ingress {
    description = "Ingress controller"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_security_group_ingress_rule" "kubelet_from_cp" {
  security_group_id            = aws_security_group.private_api.id
  referenced_security_group_id = "sg-0123456789abcdef0"
  ip_protocol                  = "tcp"
  from_port                    = 10250
  to_port                      = 10250
}

resource "aws_security_group_rule" "api_from_caller" {
  type              = "ingress"
  security_group_id = aws_security_group.private_api.id
  from_port         = 6443
  to_port           = 6443
  protocol          = "tcp"
  cidr_blocks       = var.cidrs_from_caller
}
