# A data volume for one service.

resource "aws_ebs_volume" "this" {
  availability_zone = var.zone
  size              = var.size
  encrypted         = var.encrypt
  tags              = { Name = var.name }
}
