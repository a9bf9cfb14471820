variable "db_password" {
  type      = string
  sensitive = true
}

data "aws_secretsmanager_secret_version" "api" {
  secret_id = "prod/api"
}

resource "random_password" "db" {
  length  = 32
  special = true
}

resource "aws_db_instance" "managed" {
  identifier                  = "managed"
  engine                      = "postgres"
  instance_class              = "db.t4g.medium"
  allocated_storage           = 50
  username                    = "app"
  manage_master_user_password = true
  storage_encrypted           = true
}

resource "aws_db_instance" "from_variable" {
  identifier        = "from-variable"
  engine            = "postgres"
  instance_class    = "db.t4g.medium"
  allocated_storage = 50
  username          = "app"
  password          = var.db_password
  storage_encrypted = true
}

resource "aws_rds_cluster" "generated" {
  cluster_identifier = "generated"
  engine             = "aurora-postgresql"
  master_username    = "app"
  master_password    = random_password.db.result
  storage_encrypted  = true
}

resource "aws_ssm_parameter" "api_key" {
  name  = "/prod/api/key"
  type  = "SecureString"
  value = data.aws_secretsmanager_secret_version.api.secret_string
}

resource "aws_instance" "worker_ok" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"
  user_data     = <<-EOT
    #!/bin/bash
    export DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id prod/db --query SecretString --output text)
    /opt/worker/run
  EOT
}

resource "aws_efs_file_system" "shared" {
  creation_token = "shared-filesystem"
  encrypted      = true
}

resource "aws_key_pair" "ops" {
  key_name   = "ops"
  public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB3x8pYqZ9g7t0p1mJqQnT5s7wT1bKc8vWqX2yZ4aB6c ops@example.com"
}

# Stand-ins that say what they are, and names of where the secret lives.
resource "aws_ssm_parameter" "mock" {
  name  = "/test/aws-credentials"
  type  = "SecureString"
  value = "unused"
  tags = {
    access_key = "mock_access_key"
    secret_key = "mock_secret_key"
    api_key    = "GOOGLE_API_KEY_VAL"
    token      = "your-token-here"
  }
}

resource "aws_db_instance" "placeholder" {
  identifier          = "placeholder"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  allocated_storage   = 20
  username            = "app"
  password_wo         = var.db_password
  password_wo_version = 1
}

# The key of an object in a bucket, and a relative path to a certificate,
# are names, not secrets.
resource "aws_transfer_server" "sftp" {
  identity_provider_type = "SERVICE_MANAGED"
  tags = {
    ca_certificates_bundle_s3_key = "ca_cert/RootCA.pem"
    client_cert_key               = "certs/Intermediate2024CA.crt"
  }
}
