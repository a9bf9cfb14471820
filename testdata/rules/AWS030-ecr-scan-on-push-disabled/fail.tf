variable "scan_images" {
  type    = bool
  default = false
}

resource "aws_ecr_repository" "api" { # expect: AWS030
  name                 = "api"
  image_tag_mutability = "IMMUTABLE"
}

resource "aws_ecr_repository" "worker" {
  name                 = "worker"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = var.scan_images # expect: AWS030
  }
}
