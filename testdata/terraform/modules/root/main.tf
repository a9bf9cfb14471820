variable "env" {
  default = "prod"
}

module "web" {
  source = "./modules/bucket"
  name   = "web-${var.env}"
}

resource "aws_s3_bucket" "copy" {
  bucket = "${module.web.bucket_name}-copy"
}

module "many" {
  source = "./modules/bucket"
  count  = 2
  name   = "many-${count.index}"
}

# Installed by `terraform init`; found through .terraform/modules/modules.json.
module "remote" {
  source  = "example/thing/aws"
  version = "1.0.0"
  region  = "eu-west-1"
}
