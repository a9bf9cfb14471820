variable "encrypt_root" {
  type    = bool
  default = false
}

# No root_block_device: the root volume follows the AMI and is unencrypted.
resource "aws_instance" "bastion" { # expect: AWS011
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"

  metadata_options {
    http_tokens = "required"
  }
}

resource "aws_instance" "app" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"

  root_block_device {
    volume_size = 30
    encrypted   = var.encrypt_root # expect: AWS011
  }
}

resource "aws_instance" "db" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "r6i.large"

  root_block_device {
    encrypted = true
  }

  ebs_block_device {
    device_name = "/dev/sdf"
    volume_size = 500
    encrypted   = true
  }

  ebs_block_device {
    device_name = "/dev/sdg"
    volume_size = 500
    encrypted   = false # expect: AWS011
  }
}

resource "aws_launch_configuration" "legacy" {
  name_prefix   = "legacy-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "t3.small"

  root_block_device {       # expect: AWS011
    volume_size = 20
  }
}
