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
