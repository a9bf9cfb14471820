module "orders_data" {
  source  = "../../modules/vol"
  name    = "orders-data"
  size    = 200
  encrypt = true
}

module "archive" {
  source    = "../../modules/bucket"
  name      = "acme-prod-archive"
  versioned = true
}

module "network" {
  source      = "../../modules/network"
  name        = "prod"
  vpc_id      = "vpc-0prod"
  admin_cidrs = ["10.20.0.0/16"]
}
