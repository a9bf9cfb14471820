variable "member_from_caller" {
  type = string
}

resource "google_bigquery_dataset" "private" {
  dataset_id = "private"
  location   = "EU"

  access {
    role          = "OWNER"
    user_by_email = "owner@example.com"
  }

  access {
    role          = "READER"
    special_group = "projectReaders"
  }
}

resource "google_bigquery_dataset_iam_binding" "analysts" {
  dataset_id = google_bigquery_dataset.private.dataset_id
  role       = "roles/bigquery.dataViewer"
  members    = ["group:analysts@example.com"]
}

resource "google_bigquery_dataset_iam_member" "caller" {
  dataset_id = google_bigquery_dataset.private.dataset_id
  role       = "roles/bigquery.dataViewer"
  member     = var.member_from_caller
}
