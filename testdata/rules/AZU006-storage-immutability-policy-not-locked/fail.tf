variable "lock_policy" {
  type    = bool
  default = false
}

resource "azurerm_storage_container" "audit" {
  name               = "audit"
  storage_account_id = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acmeaudit"
}

resource "azurerm_storage_container_immutability_policy" "audit" { # expect: AZU006
  storage_container_resource_manager_id = azurerm_storage_container.audit.id
  immutability_period_in_days           = 365
}

resource "azurerm_storage_container" "backups" {
  name               = "backups"
  storage_account_id = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acmeaudit"
}

resource "azurerm_storage_container_immutability_policy" "backups" {
  storage_container_resource_manager_id = azurerm_storage_container.backups.id
  immutability_period_in_days           = 30
  locked                                = var.lock_policy # expect: AZU006
}
