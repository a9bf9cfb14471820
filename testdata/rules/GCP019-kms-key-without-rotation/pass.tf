variable "period_from_caller" {
  type = string
}

resource "google_kms_crypto_key" "rotated" {
  name            = "rotated"
  key_ring        = google_kms_key_ring.main.id
  rotation_period = "7776000s"
}

resource "google_kms_crypto_key" "signing" {
  name     = "signing"
  key_ring = google_kms_key_ring.main.id
  purpose  = "ASYMMETRIC_SIGN"

  version_template {
    algorithm = "EC_SIGN_P256_SHA256"
  }
}

resource "google_kms_crypto_key" "caller" {
  name            = "caller"
  key_ring        = google_kms_key_ring.main.id
  rotation_period = var.period_from_caller
}
