locals {
  db_password = "Sup3r-S3cret-Pa55"
}

provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIAIOSFODNN7EXAMPLE" # expect: TF001
  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
}

resource "aws_db_instance" "legacy" {
  identifier        = "legacy"
  engine            = "mysql"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  username          = "admin"
  password          = "changeme123" # expect: TF001
  storage_encrypted = true
}

resource "aws_rds_cluster" "app" {
  cluster_identifier = "app"
  engine             = "aurora-postgresql"
  master_username    = "app"
  master_password    = local.db_password # expect: TF001
  storage_encrypted  = true
}

resource "aws_instance" "worker" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"
  user_data = join("\n", [ # expect: TF001
    "#!/bin/bash",
    "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
    "export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "/opt/worker/run",
  ])
}

resource "aws_lambda_function" "notifier" {
  function_name = "notifier"
  role          = "arn:aws:iam::111122223333:role/notifier"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "notifier.zip"

  environment {
    variables = {
      SLACK_TOKEN = "xoxb-123456789012-abcdefghijklmnop" # expect: TF001
    }
  }
}

resource "github_actions_secret" "deploy" {
  repository      = "infrastructure"
  secret_name     = "DEPLOY_TOKEN"
  plaintext_value = "ghp_abcdefghijklmnopqrstuvwxyz0123456789" # expect: TF001
}

# A write-only argument keeps the value out of the state, not out of the
# repository.
resource "aws_db_instance" "write_only" {
  identifier          = "write-only"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  allocated_storage   = 20
  username            = "app"
  password_wo         = "Pr0d-db-pa55" # expect: TF001 "hard-coded secret in `password_wo`"
  password_wo_version = 1
}

# The message names the variable that holds it.
resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = "arn:aws:iam::111122223333:role/worker"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "worker.zip"
  environment {
    variables = {
      STRIPE_SECRET = "rk_9f8a7s6d5f4g3h2j" # expect: TF001 "in `environment.variables.STRIPE_SECRET`"
    }
  }
}

# A weak default is deployed as written, and guessable.
resource "aws_db_instance" "default_password" {
  identifier        = "default-password"
  engine            = "mysql"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
  username          = "admin"
  password          = "changeme" # expect: TF001
}

resource "aws_instance" "scripted" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"
  user_data     = "#!/bin/sh\nexport DB_PASSWORD=Pr0d-db-pa55\n" # expect: TF001 "hard-coded secret (`DB_PASSWORD`) in `user_data`"
}

# One literal in a pod template is one finding: the model's workload and
# container views of this deployment are not judged again by TF001.
resource "kubernetes_deployment" "api" {
  metadata {
    name = "api"
  }
  spec {
    template {
      metadata {
        labels = { app = "api" }
      }
      spec {
        container {
          name  = "api"
          image = "registry.example.com/api:1.4.2"
          env {
            name  = "DB_PASSWORD"
            value = "hunter2-Very-Secret-9" # expect: TF001
          }
        }
      }
    }
  }
}

# Two instances with passwords of their own are two findings, though both
# point at `each.value`: each trace leads to its own literal.
resource "aws_db_instance" "tenant" {
  for_each = {
    orders  = "Orders-Pa55word-2024"
    billing = "Billing-Pa55word-2024"
  }
  identifier        = each.key
  engine            = "mysql"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  username          = "admin"
  password          = each.value # expect: TF001*2
  storage_encrypted = true
}
