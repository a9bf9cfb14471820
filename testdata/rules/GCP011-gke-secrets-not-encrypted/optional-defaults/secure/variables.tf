# A cluster module configured through one object variable whose attributes
# are optional with defaults, as modern modules are written.
variable "name" {
  type    = string
  default = "apps"
}

variable "cluster_config" {
  description = "Cluster settings; every attribute has a default."
  type = object({
    location = optional(string, "europe-west1")
    security = optional(object({
      # Encryption of Kubernetes secrets with a Cloud KMS key is on by default here.
      secrets_key = optional(string, "projects/p/locations/europe-west1/keyRings/gke/cryptoKeys/secrets")
      shielded    = optional(bool, true)
    }), {})
    node_pools = optional(map(object({
      machine_type = optional(string, "e2-standard-4")
      min_nodes    = optional(number, 1)
    })), { default = {} })
  })
  default = {}
}
