# Four instances of one database module: three are unencrypted, each for
# a reason of its own (a literal argument, a variable, a for_each value).
variable "billing_encrypted" {
  type    = bool
  default = false
}

module "orders" {
  source            = "./modules/db"
  name              = "orders"
  storage_encrypted = false
}

module "billing" {
  source            = "./modules/db"
  name              = "billing"
  storage_encrypted = var.billing_encrypted
}

module "reports" {
  source = "./modules/db"
  name   = "reports"
}

module "shards" {
  source   = "./modules/db"
  for_each = { eu = false, us = true }

  name              = "shard-${each.key}"
  storage_encrypted = each.value
}
