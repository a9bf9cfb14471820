variable "encrypt_warehouse" {
  type    = bool
  default = false
}

resource "aws_redshift_cluster" "dwh" { # expect: AWS024
  cluster_identifier     = "dwh"
  node_type              = "ra3.xlplus"
  master_username        = "admin"
  manage_master_password = true
  publicly_accessible    = false
}

resource "aws_redshift_cluster" "sandbox" {
  cluster_identifier     = "sandbox"
  node_type              = "ra3.xlplus"
  master_username        = "admin"
  manage_master_password = true
  publicly_accessible    = false
  encrypted              = var.encrypt_warehouse # expect: AWS024
}
