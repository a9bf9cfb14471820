variable "public_endpoint" {
  type    = bool
  default = true
}

variable "subnet_ids" {
  type    = list(string)
  default = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
}

# Defaults: public endpoint open to 0.0.0.0/0.
resource "aws_eks_cluster" "dev" {
  name     = "dev"
  role_arn = "arn:aws:iam::111122223333:role/eks"

  vpc_config { # expect: AWS037
    subnet_ids = var.subnet_ids
  }
}

resource "aws_eks_cluster" "staging" {
  name     = "staging"
  role_arn = "arn:aws:iam::111122223333:role/eks"

  vpc_config {
    subnet_ids              = var.subnet_ids
    endpoint_private_access = true
    endpoint_public_access  = var.public_endpoint # expect: AWS037
    public_access_cidrs     = ["0.0.0.0/0"]
  }
}

resource "aws_eks_cluster" "tools" {
  name     = "tools"
  role_arn = "arn:aws:iam::111122223333:role/eks"

  vpc_config {
    subnet_ids             = var.subnet_ids
    endpoint_public_access = true # expect: AWS037
  }
}
