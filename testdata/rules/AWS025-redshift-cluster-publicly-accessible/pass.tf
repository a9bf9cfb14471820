variable "public_from_caller" {
  type = bool
}

resource "aws_redshift_cluster" "private" {
  cluster_identifier     = "private"
  node_type              = "ra3.xlplus"
  master_username        = "admin"
  manage_master_password = true
  encrypted              = true
  publicly_accessible    = false
}

resource "aws_redshift_cluster" "caller" {
  cluster_identifier     = "caller"
  node_type              = "ra3.xlplus"
  master_username        = "admin"
  manage_master_password = true
  encrypted              = true
  publicly_accessible    = var.public_from_caller
}
