variable "api_allowed_cidrs" {
  type    = list(string)
  default = ["0.0.0.0/0"]
}

variable "node_ports" {
  type    = list(number)
  default = [10250, 30080]
}

resource "aws_security_group" "control_plane" {
  name   = "k8s-control-plane"
  vpc_id = "vpc-0123456789abcdef0"

  ingress {
    description = "Kubernetes API"
    from_port   = 6443
    to_port     = 6443
    protocol    = "tcp"
    cidr_blocks = var.api_allowed_cidrs # expect: AWS035
  }
}

resource "aws_security_group" "nodes" {
  name   = "k8s-nodes"
  vpc_id = "vpc-0123456789abcdef0"

  dynamic "ingress" {
    for_each = var.node_ports
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"] # expect: AWS035
    }
  }
}

resource "aws_security_group" "etcd" {
  name   = "etcd"
  vpc_id = "vpc-0123456789abcdef0"
}

resource "aws_security_group_rule" "etcd_peers" {
  type              = "ingress"
  security_group_id = aws_security_group.etcd.id
  from_port         = 2379
  to_port           = 2380
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"] # expect: AWS035
}

resource "aws_vpc_security_group_ingress_rule" "api_v6" {
  security_group_id = aws_security_group.control_plane.id
  cidr_ipv6         = "::/0" # expect: AWS035
  ip_protocol       = "tcp"
  from_port         = 6443
  to_port           = 6443
}
