# The root turns server-side encryption off for its bucket.
module "assets" {
  source  = "./modules/bucket"
  name    = "assets"
  encrypt = false
}
