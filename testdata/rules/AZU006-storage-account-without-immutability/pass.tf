resource "azurerm_storage_account" "records" {
  name                     = "acmerecords"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"

  blob_properties {
    versioning_enabled = true
  }

  immutability_policy {
    allow_protected_append_writes = true
    state                         = "Locked"
    period_since_creation_in_days = 365
  }
}
