#!/usr/bin/env python3
"""Writes a large synthetic Terraform tree for whole-scan benchmarks.

Usage: gen_tree.py OUT_DIR [FILES]   (default 10000 files)

Each module directory holds a variables file, a locals/module-call file and
resource files mixing buckets (split AWS >= 4 style), security groups with
dynamic blocks, EKS clusters, databases and instances: realistic shapes, not
copies of any real repository.
"""
import os
import random
import sys

RESOURCES = [
    '''resource "aws_s3_bucket" "b{i}" {{
  bucket = "${{local.prefix}}-b{i}"
  tags   = local.tags
}}

resource "aws_s3_bucket_versioning" "b{i}" {{
  bucket = aws_s3_bucket.b{i}.id
  versioning_configuration {{
    status = var.versioning ? "Enabled" : "Suspended"
  }}
}}

resource "aws_s3_bucket_public_access_block" "b{i}" {{
  bucket                  = aws_s3_bucket.b{i}.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}}
''',
    '''resource "aws_security_group" "sg{i}" {{
  name   = "${{local.prefix}}-sg{i}"
  vpc_id = var.vpc_id

  dynamic "ingress" {{
    for_each = var.ports
    content {{
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = var.cidrs
    }}
  }}

  egress {{
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }}
}}
''',
    '''resource "aws_eks_cluster" "c{i}" {{
  name     = "${{local.prefix}}-c{i}"
  role_arn = var.role_arn
  enabled_cluster_log_types = ["api", "audit"]

  vpc_config {{
    subnet_ids              = var.subnets
    endpoint_private_access = true
    endpoint_public_access  = var.public
    public_access_cidrs     = var.cidrs
  }}

  encryption_config {{
    resources = ["secrets"]
    provider {{
      key_arn = var.kms_key_arn
    }}
  }}
}}
''',
    '''resource "aws_db_instance" "db{i}" {{
  identifier          = "${{local.prefix}}-db{i}"
  engine              = "postgres"
  instance_class      = "db.t3.medium"
  allocated_storage   = {size}
  storage_encrypted   = var.encrypt
  publicly_accessible = false
  username            = "app"
  password            = var.db_password
}}
''',
    '''resource "aws_instance" "vm{i}" {{
  count         = var.instances
  ami           = var.ami
  instance_type = lookup(local.sizes, var.size, "t3.micro")
  subnet_id     = element(var.subnets, count.index)

  metadata_options {{
    http_tokens = "required"
  }}

  root_block_device {{
    encrypted = var.encrypt
  }}

  tags = merge(local.tags, {{ Name = format("%s-vm{i}-%02d", local.prefix, count.index) }})
}}
''',
]

VARIABLES = '''variable "vpc_id" {{ type = string }}
variable "role_arn" {{ type = string }}
variable "kms_key_arn" {{ type = string }}
variable "ami" {{ type = string }}
variable "db_password" {{ type = string }}
variable "subnets" {{
  type    = list(string)
  default = ["subnet-a", "subnet-b"]
}}
variable "ports" {{
  type    = list(number)
  default = [{port}, 443]
}}
variable "cidrs" {{
  type    = list(string)
  default = ["{cidr}"]
}}
variable "versioning" {{ default = {flag} }}
variable "encrypt" {{ default = {flag} }}
variable "public" {{ default = {flag} }}
variable "instances" {{ default = 2 }}
variable "size" {{ default = "small" }}
'''

LOCALS = '''locals {{
  prefix = "svc{m}"
  tags   = {{ Service = "svc{m}", Owner = "team-{team}" }}
  sizes  = {{ small = "t3.small", large = "m5.large" }}
}}
'''


def main():
    out = sys.argv[1]
    total = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    rng = random.Random(42)
    files_per_module = 10
    written = 0
    module = 0
    while written < total:
        d = os.path.join(out, f"team{module % 50:02d}", f"svc{module:05d}")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "variables.tf"), "w") as f:
            f.write(VARIABLES.format(port=rng.choice([22, 80, 3389, 8080]),
                                     cidr=rng.choice(["0.0.0.0/0", "10.0.0.0/8"]),
                                     flag=rng.choice(["true", "false"])))
        with open(os.path.join(d, "locals.tf"), "w") as f:
            f.write(LOCALS.format(m=module, team=module % 50))
        written += 2
        for n in range(files_per_module - 2):
            if written >= total:
                break
            body = "\n".join(
                rng.choice(RESOURCES).format(i=f"{n}_{k}", size=rng.choice([20, 50, 100]))
                for k in range(3))
            with open(os.path.join(d, f"res{n}.tf"), "w") as f:
                f.write(body)
            written += 1
        module += 1
    print(f"wrote {written} files in {module} modules under {out}")


if __name__ == "__main__":
    main()
