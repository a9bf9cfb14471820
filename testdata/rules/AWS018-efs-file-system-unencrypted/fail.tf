variable "efs_encrypted" {
  type    = bool
  default = false
}

resource "aws_efs_file_system" "shared" { # expect: AWS018
  creation_token = "shared"
}

resource "aws_efs_file_system" "home" {
  creation_token = "home"
  encrypted      = var.efs_encrypted # expect: AWS018
}
