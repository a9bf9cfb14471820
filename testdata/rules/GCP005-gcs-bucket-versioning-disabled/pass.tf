variable "versioning_from_caller" {
  type = bool
}

resource "google_storage_bucket" "versioned" {
  name                        = "acme-versioned"
  location                    = "EU"
  uniform_bucket_level_access = true

  versioning {
    enabled = true
  }
}

# Protected by a retention policy instead (versioning is not allowed with one).
resource "google_storage_bucket" "retained" {
  name                        = "acme-retained"
  location                    = "EU"
  uniform_bucket_level_access = true

  retention_policy {
    retention_period = 2592000
    is_locked        = true
  }
}

resource "google_storage_bucket" "caller" {
  name                        = "acme-caller"
  location                    = "EU"
  uniform_bucket_level_access = true

  versioning {
    enabled = var.versioning_from_caller
  }
}

variable "lock_from_caller" {
  type = bool
}

resource "google_storage_bucket" "locked_by_caller" {
  name                        = "acme-locked-by-caller"
  location                    = "EU"
  uniform_bucket_level_access = true

  retention_policy {
    retention_period = 86400
    is_locked        = var.lock_from_caller
  }
}
