variable "public_from_caller" {
  type = bool
}

resource "aws_db_instance" "private" {
  identifier                  = "private"
  engine                      = "postgres"
  instance_class              = "db.t4g.medium"
  allocated_storage           = 20
  username                    = "app"
  manage_master_user_password = true
}

resource "aws_db_instance" "explicit" {
  identifier                  = "explicit"
  engine                      = "postgres"
  instance_class              = "db.t4g.medium"
  allocated_storage           = 20
  username                    = "app"
  manage_master_user_password = true
  publicly_accessible         = false
}

resource "aws_rds_cluster_instance" "caller" {
  identifier          = "caller"
  cluster_identifier  = "app"
  instance_class      = "db.r6g.large"
  engine              = "aurora-postgresql"
  publicly_accessible = var.public_from_caller
}
