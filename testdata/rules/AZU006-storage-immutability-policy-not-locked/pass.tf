variable "locked_from_caller" {
  type = bool
}

resource "azurerm_storage_container" "records" {
  name               = "records"
  storage_account_id = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acmeaudit"
}

resource "azurerm_storage_container_immutability_policy" "records" {
  storage_container_resource_manager_id = azurerm_storage_container.records.id
  immutability_period_in_days           = 3650
  protected_append_writes_enabled       = true
  locked                                = true
}

resource "azurerm_storage_container" "caller" {
  name               = "caller"
  storage_account_id = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acmeaudit"
}

resource "azurerm_storage_container_immutability_policy" "caller" {
  storage_container_resource_manager_id = azurerm_storage_container.caller.id
  immutability_period_in_days           = 30
  locked                                = var.locked_from_caller
}
