locals {
  versioning = false
}

resource "azurerm_storage_account" "default" { # expect: AZU005
  name                     = "acmedefault"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
}

resource "azurerm_storage_account" "media" {
  name                     = "acmemedia"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"

  blob_properties {
    versioning_enabled = local.versioning # expect: AZU005
  }
}

resource "azurerm_storage_account" "logs" {
  name                     = "acmelogs"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"

  blob_properties { # expect: AZU005
    delete_retention_policy {
      days = 7
    }
  }
}
