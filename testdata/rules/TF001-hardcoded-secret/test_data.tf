# Values a comment declares test data are not reported: above the
# attribute, at the end of its line, or (when the comment names
# credentials) above the block that holds it.

provider "aws" {
  alias  = "localstack"
  region = "us-east-1"
  # mock credentials for the unit tests
  access_key = "AKIAQ3EGRTXJ5NL7WPZD"
  secret_key = "Xk3vRpQ9sLm2Zt8wYb5NcJh4Fd7Ga1Ue6Wi0Oq3T" # fake key, not a secret
  token      = "FwoGZXIvYXdzEBYaDHh9kLmQ2rT7sVw3pN8Zq" # expect: TF001
}

# dummy credentials for the fixtures
resource "aws_db_instance" "fixture" {
  identifier = "fixture"
  password   = "Tr0ub4dor-and-3"
}

resource "aws_db_instance" "reports" {
  identifier = "reports"
  // example password, used nowhere
  password = "Corr3ct-H0rse-9"
  # The password of the test database: a real one.
  master_password = "B4ttery-St4ple-7" # expect: TF001
}

resource "aws_db_instance" "detached" {
  identifier = "detached"
  # sample

  password = "Detached-C0mment-1" # expect: TF001
}

resource "aws_ssm_parameter" "seed" {
  name = "/seed"
  type = "SecureString"
  # strata:ignore TF001 test data for the demo
  value = "Sup3r-Demo-Seed-4"
}

# A stand-in word without credentials covers values, not the resource below.
# dummy
resource "aws_db_instance" "described" {
  identifier = "described"
  password   = "D3scribed-Only-5" # expect: TF001
}

resource "aws_db_instance" "check_case" {
  identifier = "check-case"
  # Bad: a hard-coded test password, flagged
  password = "Fl4gged-Test-Pass-2" # expect: TF001
}

# A comment where the value is written counts, as the value reaches the
# attribute through a local or a variable default.
locals {
  # mock credentials for the integration tests
  mock_password = "Mock-Pa55word-2024"
  real_password = "Real-Pa55word-2024"
}

variable "local_run_password" {
  type = string
  # fake password for local runs
  default = "Fake-Pa55word-2024"
}

resource "aws_db_instance" "mocked" {
  identifier = "mocked"
  password   = local.mock_password
}

resource "aws_db_instance" "local_run" {
  identifier = "local-run"
  password   = var.local_run_password
}

resource "aws_db_instance" "real" {
  identifier = "real"
  password   = local.real_password # expect: TF001
}
