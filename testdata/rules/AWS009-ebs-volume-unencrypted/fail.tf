variable "encrypt_volumes" {
  type    = bool
  default = false
}

resource "aws_ebs_volume" "scratch" { # expect: AWS009
  availability_zone = "eu-west-1a"
  size              = 20
}

resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 100
  encrypted         = var.encrypt_volumes # expect: AWS009
}

resource "aws_ebs_volume" "logs" {
  count             = 2
  availability_zone = "eu-west-1b"
  size              = 50
  encrypted         = false # expect: AWS009
}
