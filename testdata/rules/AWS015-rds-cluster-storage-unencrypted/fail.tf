locals {
  cluster = {
    encrypted = false
  }
}

resource "aws_rds_cluster" "app" { # expect: AWS015
  cluster_identifier          = "app"
  engine                      = "aurora-postgresql"
  master_username             = "app"
  manage_master_user_password = true
}

resource "aws_rds_cluster" "analytics" {
  cluster_identifier          = "analytics"
  engine                      = "aurora-mysql"
  master_username             = "analytics"
  manage_master_user_password = true
  storage_encrypted           = local.cluster.encrypted # expect: AWS015
}
