variable "mode_from_caller" {
  type = string
}

resource "google_sql_database_instance" "secure" {
  name             = "secure"
  database_version = "POSTGRES_15"
  region           = "europe-west1"

  settings {
    tier = "db-custom-2-7680"

    ip_configuration {
      ipv4_enabled    = false
      private_network = "projects/acme/global/networks/main"
      ssl_mode        = "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"
    }
  }
}

resource "google_sql_database_instance" "old_provider" {
  name             = "old-provider"
  database_version = "MYSQL_8_0"
  region           = "europe-west1"

  settings {
    tier = "db-custom-1-3840"

    ip_configuration {
      require_ssl = true
    }
  }
}

resource "google_sql_database_instance" "caller" {
  name             = "caller"
  database_version = "POSTGRES_15"
  region           = "europe-west1"

  settings {
    tier = "db-custom-2-7680"

    ip_configuration {
      ssl_mode = var.mode_from_caller
    }
  }
}
