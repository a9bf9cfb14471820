variable "encrypt" {
  type    = bool
  default = true
}

variable "encrypt_from_caller" {
  type = bool
}

resource "aws_instance" "web" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"

  root_block_device {
    encrypted = var.encrypt
  }

  dynamic "ebs_block_device" {
    for_each = ["/dev/sdf", "/dev/sdg"]
    content {
      device_name = ebs_block_device.value
      volume_size = 100
      encrypted   = true
    }
  }
}

resource "aws_instance" "caller" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"

  root_block_device {
    encrypted = var.encrypt_from_caller
  }
}

resource "aws_launch_configuration" "workers" {
  name_prefix   = "workers-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "t3.small"

  root_block_device {
    encrypted = true
  }

  # From an (encrypted) snapshot: follows the snapshot.
  ebs_block_device {
    device_name = "/dev/sdh"
    snapshot_id = "snap-0123456789abcdef0"
  }
}
