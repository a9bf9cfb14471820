variable "public_member" {
  type    = string
  default = "allUsers"
}

resource "google_storage_bucket" "site" {
  name                        = "acme-site"
  location                    = "EU"
  uniform_bucket_level_access = true
}

resource "google_storage_bucket_iam_member" "public_read" {
  bucket = google_storage_bucket.site.name
  role   = "roles/storage.objectViewer"
  member = var.public_member # expect: GCP003
}

resource "google_storage_bucket_iam_binding" "viewers" {
  bucket = google_storage_bucket.site.name
  role   = "roles/storage.objectViewer"
  members = [
    "group:web@example.com",
    "allAuthenticatedUsers", # expect: GCP003
  ]
}

resource "google_storage_bucket_acl" "legacy" {
  bucket      = "acme-legacy"
  role_entity = ["OWNER:user-admin@example.com", "READER:allUsers"] # expect: GCP003
}
