module "scratch" {
  source  = "../../modules/vol"
  name    = "scratch"
  encrypt = var.encrypt_scratch
}

module "uploads" {
  source    = "../../modules/bucket"
  name      = "acme-dev-uploads"
  versioned = false
}

variable "encrypt_scratch" {
  type    = bool
  default = true
}
