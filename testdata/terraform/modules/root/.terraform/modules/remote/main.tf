variable "region" {}

resource "x" "installed" {
  region = var.region
}
