locals {
  encrypt_nodes = false
}

resource "aws_launch_template" "nodes" {
  name_prefix = "nodes-"

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size = 50
      encrypted   = local.encrypt_nodes # expect: AWS012
    }
  }
}

resource "aws_launch_template" "batch" {
  name_prefix = "batch-"

  block_device_mappings {
    device_name  = "/dev/sdb"
    virtual_name = "ephemeral0"
  }

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs { # expect: AWS012
      volume_size = 100
      volume_type = "gp3"
    }
  }
}
