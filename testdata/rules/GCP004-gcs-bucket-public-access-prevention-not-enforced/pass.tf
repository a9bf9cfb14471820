variable "pap_from_caller" {
  type = string
}

resource "google_storage_bucket" "private" {
  name                        = "acme-private"
  location                    = "EU"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
}

resource "google_storage_bucket" "caller" {
  name                        = "acme-caller"
  location                    = "EU"
  uniform_bucket_level_access = true
  public_access_prevention    = var.pap_from_caller
}
