# A small platform stack with the kind of mistakes Strata finds.

locals {
  name = "${var.project}-${var.environment}"
  tags = merge(var.tags, { Environment = var.environment })
}

resource "aws_s3_bucket" "artifacts" {
  bucket = "${local.name}-artifacts"
  tags   = local.tags
}

resource "aws_s3_bucket_versioning" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id
  versioning_configuration {
    status = "Enabled"
  }
}

module "logs" {
  source      = "./modules/logs"
  name        = "${local.name}-logs"
  encrypt     = var.encrypt_logs
  retain_days = 30
}

resource "aws_security_group" "bastion" {
  name   = "${local.name}-bastion"
  vpc_id = var.vpc_id

  dynamic "ingress" {
    for_each = var.admin_ports
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = var.admin_cidrs
    }
  }
}

resource "aws_eks_cluster" "main" {
  name     = local.name
  role_arn = var.cluster_role_arn

  vpc_config {
    subnet_ids             = var.subnet_ids
    endpoint_public_access = true
  }
}

resource "aws_db_instance" "app" {
  identifier          = "${local.name}-db"
  engine              = "postgres"
  instance_class      = "db.t3.medium"
  allocated_storage   = 20
  username            = "app"
  password            = "hunter2-but-longer"
  storage_encrypted   = var.environment == "prod"
  publicly_accessible = false
}
