variable "disks" {
  type    = map(number)
  default = { data = 200, logs = 50 }
}

resource "google_compute_disk" "volumes" { # expect: GCP006
  for_each = var.disks
  name     = each.key
  type     = "pd-ssd"
  zone     = "europe-west1-b"
  size     = each.value
}

resource "google_compute_region_disk" "shared" { # expect: GCP006
  name          = "shared"
  region        = "europe-west1"
  replica_zones = ["europe-west1-b", "europe-west1-c"]
  size          = 100
}
