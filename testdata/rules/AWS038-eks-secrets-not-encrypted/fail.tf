variable "encrypted_resources" {
  type    = list(string)
  default = []
}

resource "aws_eks_cluster" "dev" { # expect: AWS038
  name     = "dev"
  role_arn = "arn:aws:iam::111122223333:role/eks"

  vpc_config {
    subnet_ids             = ["subnet-0123456789abcdef0"]
    endpoint_public_access = false
  }
}

# The only encryption_config block encrypts nothing.
resource "aws_eks_cluster" "staging" {
  name     = "staging"
  role_arn = "arn:aws:iam::111122223333:role/eks"

  vpc_config {
    subnet_ids             = ["subnet-0123456789abcdef0"]
    endpoint_public_access = false
  }

  encryption_config { # expect: AWS038
    resources = var.encrypted_resources
    provider {
      key_arn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    }
  }
}
