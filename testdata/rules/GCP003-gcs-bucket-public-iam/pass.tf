variable "member_from_caller" {
  type = string
}

resource "google_storage_bucket_iam_member" "team" {
  bucket = google_storage_bucket.site.name
  role   = "roles/storage.objectViewer"
  member = "group:data-readers@example.com"
}

resource "google_storage_bucket_iam_binding" "admins" {
  bucket  = google_storage_bucket.site.name
  role    = "roles/storage.admin"
  members = ["serviceAccount:deployer@acme.iam.gserviceaccount.com"]
}

resource "google_storage_bucket_iam_member" "caller" {
  bucket = google_storage_bucket.site.name
  role   = "roles/storage.objectViewer"
  member = var.member_from_caller
}
