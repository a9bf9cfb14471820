resource "aws_vpc" "managed" {
  cidr_block = "10.1.0.0/16"
}

resource "aws_default_security_group" "managed" {
  vpc_id = aws_vpc.managed.id
}

variable "manage_default_group" {
  type = bool
}

resource "aws_vpc" "maybe" {
  cidr_block = "10.2.0.0/16"
}

# Whether the group exists is not known here: never reported.
resource "aws_default_security_group" "maybe" {
  count  = var.manage_default_group ? 1 : 0
  vpc_id = aws_vpc.maybe.id
}
