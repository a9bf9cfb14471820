module "orders_data" {
  source  = "../../modules/vol"
  name    = "orders-data-staging"
  encrypt = true
}

module "network" {
  source      = "../../modules/network"
  name        = "staging"
  vpc_id      = "vpc-0staging"
  admin_cidrs = var.admin_cidrs
}

variable "admin_cidrs" {
  type = list(string)
}
