variable "neptune_encrypted" {
  type    = bool
  default = false
}

resource "aws_docdb_cluster" "catalog" { # expect: AWS017
  cluster_identifier          = "catalog"
  master_username             = "catalog"
  manage_master_user_password = true
}

resource "aws_neptune_cluster" "graph" {
  cluster_identifier = "graph"
  engine             = "neptune"
  storage_encrypted  = var.neptune_encrypted # expect: AWS017
}
