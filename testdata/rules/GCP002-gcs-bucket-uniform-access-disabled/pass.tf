variable "uniform_from_caller" {
  type = bool
}

resource "google_storage_bucket" "secure" {
  name                        = "acme-secure"
  location                    = "EU"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
}

resource "google_storage_bucket" "caller" {
  name                        = "acme-caller"
  location                    = "EU"
  uniform_bucket_level_access = var.uniform_from_caller
}
