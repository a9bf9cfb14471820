variable "https_from_caller" {
  type = bool
}

resource "azurerm_storage_account" "default" {
  name                     = "acmedefault"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
}

resource "azurerm_storage_account" "explicit" {
  name                       = "acmeexplicit"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
  https_traffic_only_enabled = true
}

resource "azurerm_storage_account" "caller" {
  name                       = "acmecaller"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
  https_traffic_only_enabled = var.https_from_caller
}
