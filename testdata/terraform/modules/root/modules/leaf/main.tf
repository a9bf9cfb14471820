variable "name" {}

resource "x" "leaf" {
  name = "${var.name}-leaf"
}
