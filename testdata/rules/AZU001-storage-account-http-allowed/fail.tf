variable "https_only" {
  type    = bool
  default = false
}

resource "azurerm_storage_account" "legacy" {
  name                      = "acmelegacy"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
  enable_https_traffic_only = false # expect: AZU001
}

resource "azurerm_storage_account" "media" {
  name                       = "acmemedia"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
  https_traffic_only_enabled = var.https_only # expect: AZU001
}
