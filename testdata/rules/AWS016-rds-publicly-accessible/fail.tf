variable "expose_db" {
  type    = bool
  default = true
}

resource "aws_db_instance" "legacy" {
  identifier                  = "legacy"
  engine                      = "mysql"
  instance_class              = "db.t3.micro"
  allocated_storage           = 20
  username                    = "admin"
  manage_master_user_password = true
  publicly_accessible         = true # expect: AWS016
}

resource "aws_rds_cluster_instance" "writer" {
  count               = 2
  identifier          = "app-${count.index}"
  cluster_identifier  = "app"
  instance_class      = "db.r6g.large"
  engine              = "aurora-postgresql"
  publicly_accessible = var.expose_db # expect: AWS016
}
