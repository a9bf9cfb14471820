variable "tag_mutability" {
  type    = string
  default = "MUTABLE"
}

resource "aws_ecr_repository" "api" { # expect: AWS031
  name = "api"
}

resource "aws_ecr_repository" "worker" {
  name                 = "worker"
  image_tag_mutability = var.tag_mutability # expect: AWS031
}
