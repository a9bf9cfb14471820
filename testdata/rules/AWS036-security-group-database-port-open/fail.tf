variable "db_port" {
  type    = number
  default = 5432
}

variable "db_clients" {
  type    = list(string)
  default = ["0.0.0.0/0"]
}

resource "aws_security_group" "db" {
  name   = "db"
  vpc_id = "vpc-0123456789abcdef0"

  ingress {
    description = "PostgreSQL"
    from_port   = var.db_port
    to_port     = var.db_port
    protocol    = "tcp"
    cidr_blocks = var.db_clients # expect: AWS036
  }
}

resource "aws_security_group" "search" {
  name   = "search"
  vpc_id = "vpc-0123456789abcdef0"

  dynamic "ingress" {
    for_each = { https = 443, elasticsearch = 9200 }
    content {
      description = ingress.key
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"] # expect: AWS036
    }
  }
}

resource "aws_security_group_rule" "mongo" {
  type              = "ingress"
  security_group_id = aws_security_group.db.id
  from_port         = 27017
  to_port           = 27017
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"] # expect: AWS036
}

resource "aws_vpc_security_group_ingress_rule" "mysql" {
  security_group_id = aws_security_group.db.id
  cidr_ipv4         = "0.0.0.0/0" # expect: AWS036
  ip_protocol       = "tcp"
  from_port         = 3306
  to_port           = 3306
}

resource "aws_vpc_security_group_ingress_rule" "redis" {
  security_group_id = aws_security_group.search.id
  cidr_ipv6         = "::/0" # expect: AWS036
  ip_protocol       = "tcp"
  from_port         = 6379
  to_port           = 6379
}
