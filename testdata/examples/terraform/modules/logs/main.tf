variable "name" {
  type = string
}

variable "encrypt" {
  type    = bool
  default = true
}

variable "retain_days" {
  type = number
}

resource "aws_ebs_volume" "scratch" {
  availability_zone = "eu-west-1a"
  size              = 50
  encrypted         = var.encrypt
}

resource "aws_cloudwatch_log_group" "this" {
  name              = var.name
  retention_in_days = var.retain_days
}

output "log_group_name" {
  value = aws_cloudwatch_log_group.this.name
}
