variable "project" {
  type    = string
  default = "shop"
}

variable "environment" {
  type    = string
  default = "staging"
}

variable "tags" {
  type    = map(string)
  default = { Team = "platform" }
}

variable "encrypt_logs" {
  type    = bool
  default = false
}

variable "admin_ports" {
  type    = list(number)
  default = [22, 3389]
}

variable "admin_cidrs" {
  type    = list(string)
  default = ["0.0.0.0/0"]
}

variable "vpc_id" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}

variable "cluster_role_arn" {
  type = string
}
