variable "lock_retention" {
  type    = bool
  default = false
}

resource "google_storage_bucket" "audit" {
  name                        = "acme-audit"
  location                    = "EU"
  uniform_bucket_level_access = true

  retention_policy { # expect: GCP004
    retention_period = 2592000
  }
}

resource "google_storage_bucket" "backups" {
  name                        = "acme-backups"
  location                    = "EU"
  uniform_bucket_level_access = true

  retention_policy {
    retention_period = 604800
    is_locked        = var.lock_retention # expect: GCP004
  }
}
