variable "cidr" {
  type    = string
  default = "10.20.0.0/16"
}

resource "aws_vpc" "staging" { # expect: AWS032
  cidr_block = var.cidr
}
