variable "encrypted_from_caller" {
  type = bool
}

# No block device mappings: the AMI decides (AWS012 does not judge it).
resource "aws_launch_template" "minimal" {
  name_prefix   = "minimal-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
}

resource "aws_launch_template" "encrypted" {
  name_prefix = "encrypted-"

  dynamic "block_device_mappings" {
    for_each = { "/dev/xvda" = 50, "/dev/xvdb" = 200 }
    content {
      device_name = block_device_mappings.key
      ebs {
        volume_size = block_device_mappings.value
        encrypted   = "true"
      }
    }
  }
}

resource "aws_launch_template" "caller" {
  name_prefix = "caller-"

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      encrypted = var.encrypted_from_caller
    }
  }
}
