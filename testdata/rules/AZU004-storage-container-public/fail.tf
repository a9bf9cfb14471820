variable "access_type" {
  type    = string
  default = "container"
}

resource "azurerm_storage_container" "assets" {
  name                  = "assets"
  storage_account_name  = "acmemedia"
  container_access_type = "blob" # expect: AZU004
}

resource "azurerm_storage_container" "exports" {
  name                  = "exports"
  storage_account_id    = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acmemedia"
  container_access_type = var.access_type # expect: AZU004
}
