resource "aws_vpc" "main" { # expect: AWS062 "has no `aws_default_security_group`"
  cidr_block = "10.0.0.0/16"
}

# A security group of its own does not strip the default one.
resource "aws_security_group" "web" {
  vpc_id = aws_vpc.main.id
}
