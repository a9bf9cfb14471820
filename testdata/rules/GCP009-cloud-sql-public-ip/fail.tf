variable "public_ip" {
  type    = bool
  default = true
}

# No ip_configuration: a public IPv4 address by default.
resource "google_sql_database_instance" "main" {
  name             = "main"
  database_version = "POSTGRES_15"
  region           = "europe-west1"

  settings { # expect: GCP009
    tier = "db-custom-2-7680"
  }
}

resource "google_sql_database_instance" "reporting" {
  name             = "reporting"
  database_version = "MYSQL_8_0"
  region           = "europe-west1"

  settings {
    tier = "db-custom-1-3840"

    ip_configuration {
      ipv4_enabled = var.public_ip # expect: GCP009
      ssl_mode     = "ENCRYPTED_ONLY"
    }
  }
}
