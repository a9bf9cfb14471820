variable "bucket_kms_key" {
  type    = string
  default = null
}

resource "google_storage_bucket" "data" { # expect: GCP001
  name                        = "acme-data"
  location                    = "EU"
  uniform_bucket_level_access = true
}

resource "google_storage_bucket" "exports" {
  name                        = "acme-exports"
  location                    = "EU"
  uniform_bucket_level_access = true

  encryption { # expect: GCP001
    default_kms_key_name = var.bucket_kms_key
  }
}
