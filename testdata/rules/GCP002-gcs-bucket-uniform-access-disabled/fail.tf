variable "uniform_access" {
  type    = bool
  default = false
}

resource "google_storage_bucket" "legacy" { # expect: GCP002
  name     = "acme-legacy"
  location = "EU"
}

resource "google_storage_bucket" "uploads" {
  name                        = "acme-uploads"
  location                    = "EU"
  uniform_bucket_level_access = var.uniform_access # expect: GCP002
}
