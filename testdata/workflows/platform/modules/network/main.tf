resource "aws_security_group" "bastion" {
  name   = "${var.name}-bastion"
  vpc_id = var.vpc_id

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = var.admin_cidrs
  }
}

module "logs" {
  source = "../bucket"
  name   = "${var.name}-flow-logs"
}

variable "name" {
  type = string
}

variable "vpc_id" {
  type = string
}

variable "admin_cidrs" {
  type = list(string)
}
