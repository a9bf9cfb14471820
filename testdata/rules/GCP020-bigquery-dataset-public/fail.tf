variable "public_member" {
  type    = string
  default = "allUsers"
}

resource "google_bigquery_dataset" "sales" {
  dataset_id = "sales"
  location   = "EU"

  access {
    role          = "OWNER"
    user_by_email = "owner@example.com"
  }

  access {
    role          = "READER"
    special_group = "allAuthenticatedUsers" # expect: GCP020
  }
}

resource "google_bigquery_dataset" "marketing" {
  dataset_id = "marketing"
  location   = "EU"
}

resource "google_bigquery_dataset_iam_member" "public" {
  dataset_id = google_bigquery_dataset.marketing.dataset_id
  role       = "roles/bigquery.dataViewer"
  member     = var.public_member # expect: GCP020
}

resource "google_bigquery_dataset_access" "legacy" {
  dataset_id    = google_bigquery_dataset.marketing.dataset_id
  role          = "READER"
  special_group = "allAuthenticatedUsers" # expect: GCP020
}
