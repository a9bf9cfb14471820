# An explicit null for an optional attribute takes its default (as in
# Terraform), so the module's default key still applies.
cluster_config = {
  security = {
    secrets_key = null
  }
}
