variable "ci_cidrs" {
  type    = list(string)
  default = ["203.0.113.0/24"]
}

variable "cidrs_from_caller" {
  type = list(string)
}

resource "aws_eks_cluster" "private" {
  name     = "private"
  role_arn = "arn:aws:iam::111122223333:role/eks"

  vpc_config {
    subnet_ids              = ["subnet-0123456789abcdef0"]
    endpoint_private_access = true
    endpoint_public_access  = false
  }
}

resource "aws_eks_cluster" "restricted" {
  name     = "restricted"
  role_arn = "arn:aws:iam::111122223333:role/eks"

  vpc_config {
    subnet_ids              = ["subnet-0123456789abcdef0"]
    endpoint_private_access = true
    endpoint_public_access  = true
    public_access_cidrs     = var.ci_cidrs
  }
}

resource "aws_eks_cluster" "caller" {
  name     = "caller"
  role_arn = "arn:aws:iam::111122223333:role/eks"

  vpc_config {
    subnet_ids          = ["subnet-0123456789abcdef0"]
    public_access_cidrs = var.cidrs_from_caller
  }
}
