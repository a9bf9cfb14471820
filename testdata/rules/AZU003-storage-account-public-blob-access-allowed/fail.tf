variable "allow_public" {
  type    = bool
  default = true
}

# azurerm 3.x/4.x default: nested items may be public.
resource "azurerm_storage_account" "default" { # expect: AZU003
  name                     = "acmedefault"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
}

resource "azurerm_storage_account" "media" {
  name                            = "acmemedia"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
  allow_nested_items_to_be_public = var.allow_public # expect: AZU003
}

# azurerm 2.x
resource "azurerm_storage_account" "legacy" {
  name                     = "acmelegacy"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
  allow_blob_public_access = true # expect: AZU003
}
