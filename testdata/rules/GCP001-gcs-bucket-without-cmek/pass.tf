variable "key_from_caller" {
  type = string
}

resource "google_kms_crypto_key" "storage" {
  name            = "storage"
  key_ring        = "projects/acme/locations/europe/keyRings/main"
  rotation_period = "7776000s"
}

resource "google_storage_bucket" "secure" {
  name                        = "acme-secure"
  location                    = "EU"
  uniform_bucket_level_access = true

  encryption {
    default_kms_key_name = google_kms_crypto_key.storage.id
  }
}

resource "google_storage_bucket" "caller" {
  name                        = "acme-caller"
  location                    = "EU"
  uniform_bucket_level_access = true

  encryption {
    default_kms_key_name = var.key_from_caller
  }
}
