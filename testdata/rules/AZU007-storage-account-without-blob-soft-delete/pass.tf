variable "retention_days" {
  type    = number
  default = 30
}

resource "azurerm_storage_account" "protected" {
  name                     = "acmeprotected"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"

  blob_properties {
    delete_retention_policy {
      days = var.retention_days
    }
  }
}
