# Fixture for tests/editor_nvim.rs: the test expects AWS009 on the
# `encrypted` line, then sets it to true in the unsaved buffer.
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 20
  encrypted         = false
}
