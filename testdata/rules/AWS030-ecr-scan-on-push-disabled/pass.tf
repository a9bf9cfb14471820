variable "scan_from_caller" {
  type = bool
}

resource "aws_ecr_repository" "secure" {
  for_each = toset(["frontend", "backend"])
  name     = each.key

  image_scanning_configuration {
    scan_on_push = true
  }
}

resource "aws_ecr_repository" "caller" {
  name = "caller"

  image_scanning_configuration {
    scan_on_push = var.scan_from_caller
  }
}
