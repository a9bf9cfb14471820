# The module's directory is not in the checkout (a path that moved, a
# module still to be written): the call is a warning, the rest is analysed.
module "network" {
  source = "./modules/network"
}

resource "aws_db_instance" "main" {
  identifier                  = "main"
  engine                      = "postgres"
  instance_class              = "db.t4g.medium"
  allocated_storage           = 20
  username                    = "app"
  manage_master_user_password = true
  storage_encrypted           = false
}
