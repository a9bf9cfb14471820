resource "google_kms_key_ring" "main" {
  name     = "main"
  location = "europe"
}

resource "google_kms_crypto_key" "data" { # expect: GCP019
  name     = "data"
  key_ring = google_kms_key_ring.main.id
}

resource "google_kms_crypto_key" "backups" { # expect: GCP019
  for_each = toset(["daily", "weekly"])
  name     = "backups-${each.key}"
  key_ring = google_kms_key_ring.main.id
}
