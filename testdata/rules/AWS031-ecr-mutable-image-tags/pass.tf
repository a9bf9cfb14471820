variable "mutability_from_caller" {
  type = string
}

resource "aws_ecr_repository" "immutable" {
  name                 = "immutable"
  image_tag_mutability = "IMMUTABLE"
}

resource "aws_ecr_repository" "with_exclusion" {
  name                 = "with-exclusion"
  image_tag_mutability = "IMMUTABLE_WITH_EXCLUSION"

  image_tag_mutability_exclusion_filter {
    filter      = "latest"
    filter_type = "WILDCARD"
  }
}

resource "aws_ecr_repository" "caller" {
  name                 = "caller"
  image_tag_mutability = var.mutability_from_caller
}
