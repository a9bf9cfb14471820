variable "encrypted" {
  type    = bool
  default = true
}

variable "encrypted_from_caller" {
  type = bool
}

data "aws_ebs_snapshot" "golden" {
  most_recent = true
  owners      = ["self"]
}

resource "aws_ebs_volume" "encrypted" {
  availability_zone = "eu-west-1a"
  size              = 100
  encrypted         = true
}

resource "aws_ebs_volume" "from_var" {
  availability_zone = "eu-west-1a"
  size              = 100
  encrypted         = var.encrypted
}

resource "aws_ebs_volume" "from_caller" {
  availability_zone = "eu-west-1a"
  size              = 100
  encrypted         = var.encrypted_from_caller
}

# Restored from a snapshot: encryption follows the snapshot.
resource "aws_ebs_volume" "restored" {
  availability_zone = "eu-west-1a"
  snapshot_id       = data.aws_ebs_snapshot.golden.id
}
