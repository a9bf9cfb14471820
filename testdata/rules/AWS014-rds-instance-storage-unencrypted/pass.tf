variable "encrypted_from_caller" {
  type = bool
}

resource "aws_db_instance" "main" {
  identifier                  = "main"
  engine                      = "postgres"
  instance_class              = "db.t4g.medium"
  allocated_storage           = 50
  username                    = "app"
  manage_master_user_password = true
  storage_encrypted           = true
}

# A read replica inherits the source's encryption.
resource "aws_db_instance" "replica" {
  identifier          = "main-replica"
  instance_class      = "db.t4g.medium"
  replicate_source_db = aws_db_instance.main.identifier
}

resource "aws_db_instance" "caller" {
  identifier                  = "caller"
  engine                      = "postgres"
  instance_class              = "db.t4g.medium"
  allocated_storage           = 50
  username                    = "app"
  manage_master_user_password = true
  storage_encrypted           = var.encrypted_from_caller
}
