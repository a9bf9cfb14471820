locals {
  versioned = false
}

resource "google_storage_bucket" "data" { # expect: GCP005
  name                        = "acme-data"
  location                    = "EU"
  uniform_bucket_level_access = true
}

resource "google_storage_bucket" "reports" {
  name                        = "acme-reports"
  location                    = "EU"
  uniform_bucket_level_access = true

  versioning {
    enabled = local.versioned # expect: GCP005
  }
}

variable "lock_retention" {
  type    = bool
  default = false
}

# A retention policy that is not locked can be removed again.
resource "google_storage_bucket" "audit" {
  name                        = "acme-audit"
  location                    = "EU"
  uniform_bucket_level_access = true

  retention_policy { # expect: GCP005
    retention_period = 2592000
  }
}

resource "google_storage_bucket" "backups" {
  name                        = "acme-backups"
  location                    = "EU"
  uniform_bucket_level_access = true

  retention_policy {
    retention_period = 604800
    is_locked        = var.lock_retention # expect: GCP005
  }
}
