variable "lock_from_caller" {
  type = bool
}

resource "google_storage_bucket" "records" {
  name                        = "acme-records"
  location                    = "EU"
  uniform_bucket_level_access = true

  retention_policy {
    retention_period = 31536000
    is_locked        = true
  }
}

# No retention policy at all: GCP004 does not judge it.
resource "google_storage_bucket" "scratch" {
  name                        = "acme-scratch"
  location                    = "EU"
  uniform_bucket_level_access = true
}

resource "google_storage_bucket" "caller" {
  name                        = "acme-caller"
  location                    = "EU"
  uniform_bucket_level_access = true

  retention_policy {
    retention_period = 86400
    is_locked        = var.lock_from_caller
  }
}
