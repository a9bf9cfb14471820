variable "versioning_from_caller" {
  type = bool
}

resource "azurerm_storage_account" "versioned" {
  name                     = "acmeversioned"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"

  blob_properties {
    versioning_enabled = true
  }
}

resource "azurerm_storage_account" "caller" {
  name                     = "acmecaller"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"

  blob_properties {
    versioning_enabled = var.versioning_from_caller
  }
}
