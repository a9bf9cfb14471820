variable "encrypted_from_caller" {
  type = bool
}

resource "aws_redshift_cluster" "secure" {
  cluster_identifier     = "secure"
  node_type              = "ra3.xlplus"
  master_username        = "admin"
  manage_master_password = true
  publicly_accessible    = false
  encrypted              = true
}

resource "aws_redshift_cluster" "caller" {
  cluster_identifier     = "caller"
  node_type              = "ra3.xlplus"
  master_username        = "admin"
  manage_master_password = true
  publicly_accessible    = false
  encrypted              = var.encrypted_from_caller
}
