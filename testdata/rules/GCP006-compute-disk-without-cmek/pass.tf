variable "key_from_caller" {
  type = string
}

resource "google_compute_disk" "secure" {
  name = "secure"
  type = "pd-ssd"
  zone = "europe-west1-b"
  size = 100

  disk_encryption_key {
    kms_key_self_link = "projects/acme/locations/europe-west1/keyRings/main/cryptoKeys/disks"
  }
}

resource "google_compute_disk" "caller" {
  name = "caller"
  type = "pd-ssd"
  zone = "europe-west1-b"
  size = 100

  disk_encryption_key {
    kms_key_self_link = var.key_from_caller
  }
}
