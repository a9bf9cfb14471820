variable "public_warehouse" {
  type    = bool
  default = true
}

# Provider versions before 6 default publicly_accessible to true.
resource "aws_redshift_cluster" "dwh" { # expect: AWS025
  cluster_identifier     = "dwh"
  node_type              = "ra3.xlplus"
  master_username        = "admin"
  manage_master_password = true
  encrypted              = true
}

resource "aws_redshift_cluster" "bi" {
  cluster_identifier     = "bi"
  node_type              = "ra3.xlplus"
  master_username        = "admin"
  manage_master_password = true
  encrypted              = true
  publicly_accessible    = var.public_warehouse # expect: AWS025
}
