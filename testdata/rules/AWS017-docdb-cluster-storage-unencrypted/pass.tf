variable "encrypted_from_caller" {
  type = bool
}

resource "aws_docdb_cluster" "secure" {
  cluster_identifier          = "secure"
  master_username             = "app"
  manage_master_user_password = true
  storage_encrypted           = true
}

resource "aws_neptune_cluster" "caller" {
  cluster_identifier = "caller"
  engine             = "neptune"
  storage_encrypted  = var.encrypted_from_caller
}
