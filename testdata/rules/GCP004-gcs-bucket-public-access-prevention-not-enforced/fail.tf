variable "pap" {
  type    = string
  default = "inherited"
}

resource "google_storage_bucket" "data" { # expect: GCP004
  name                        = "acme-data"
  location                    = "EU"
  uniform_bucket_level_access = true
}

resource "google_storage_bucket" "exports" {
  name                        = "acme-exports"
  location                    = "EU"
  uniform_bucket_level_access = true
  public_access_prevention    = var.pap # expect: GCP004
}
