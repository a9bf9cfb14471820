variable "name" {
  type = string
}

variable "zone" {
  type    = string
  default = "eu-west-1a"
}

variable "size" {
  type    = number
  default = 20
}

variable "encrypt" {
  type = bool
}
