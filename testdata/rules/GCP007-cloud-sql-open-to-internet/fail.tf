variable "db_clients" {
  type    = string
  default = "0.0.0.0/0"
}

resource "google_sql_database_instance" "main" {
  name             = "main"
  database_version = "POSTGRES_15"
  region           = "europe-west1"

  settings {
    tier = "db-custom-2-7680"

    ip_configuration {
      ssl_mode = "ENCRYPTED_ONLY"

      authorized_networks {
        name  = "office"
        value = "203.0.113.0/24"
      }

      authorized_networks {
        name  = "everyone"
        value = "0.0.0.0/0" # expect: GCP007
      }
    }
  }
}

resource "google_sql_database_instance" "reporting" {
  name             = "reporting"
  database_version = "MYSQL_8_0"
  region           = "europe-west1"

  settings {
    tier = "db-custom-1-3840"

    ip_configuration {
      ipv4_enabled = true

      dynamic "authorized_networks" {
        for_each = [var.db_clients]
        content {
          value = authorized_networks.value # expect: GCP007
        }
      }
    }
  }
}
