variable "public_from_caller" {
  type = bool
}

resource "azurerm_storage_account" "private" {
  name                            = "acmeprivate"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
  allow_nested_items_to_be_public = false
}

resource "azurerm_storage_account" "legacy_private" {
  name                     = "acmelegacyprivate"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
  allow_blob_public_access = false
}

resource "azurerm_storage_account" "caller" {
  name                            = "acmecaller"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
  allow_nested_items_to_be_public = var.public_from_caller
}
