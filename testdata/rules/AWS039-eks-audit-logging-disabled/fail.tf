variable "log_types" {
  type    = list(string)
  default = ["api", "authenticator"]
}

resource "aws_eks_cluster" "dev" { # expect: AWS039
  name     = "dev"
  role_arn = "arn:aws:iam::111122223333:role/eks"

  vpc_config {
    subnet_ids             = ["subnet-0123456789abcdef0"]
    endpoint_public_access = false
  }
}

resource "aws_eks_cluster" "staging" {
  name                      = "staging"
  role_arn                  = "arn:aws:iam::111122223333:role/eks"
  enabled_cluster_log_types = var.log_types # expect: AWS039

  vpc_config {
    subnet_ids             = ["subnet-0123456789abcdef0"]
    endpoint_public_access = false
  }
}
