variable "type_from_caller" {
  type = string
}

resource "azurerm_storage_container" "default" {
  name                 = "default"
  storage_account_name = "acmemedia"
}

resource "azurerm_storage_container" "private" {
  name                  = "private"
  storage_account_name  = "acmemedia"
  container_access_type = "private"
}

resource "azurerm_storage_container" "caller" {
  name                  = "caller"
  storage_account_name  = "acmemedia"
  container_access_type = var.type_from_caller
}
