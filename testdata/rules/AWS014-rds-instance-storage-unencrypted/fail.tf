variable "encrypt_db" {
  type    = bool
  default = false
}

resource "aws_db_instance" "orders" { # expect: AWS014
  identifier                  = "orders"
  engine                      = "postgres"
  instance_class              = "db.t4g.medium"
  allocated_storage           = 50
  username                    = "orders"
  manage_master_user_password = true
}

resource "aws_db_instance" "reporting" {
  identifier                  = "reporting"
  engine                      = "mysql"
  instance_class              = "db.t4g.small"
  allocated_storage           = 20
  username                    = "reporting"
  manage_master_user_password = true
  storage_encrypted           = var.encrypt_db # expect: AWS014
}
