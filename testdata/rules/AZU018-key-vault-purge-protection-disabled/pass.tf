variable "purge_from_caller" {
  type = bool
}

resource "azurerm_key_vault" "secure" {
  name                       = "acme-secure"
  purge_protection_enabled   = true
  soft_delete_retention_days = 90
  location            = "westeurope"
  resource_group_name = "rg-kv"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"
}

resource "azurerm_key_vault" "caller" {
  name                     = "acme-caller"
  purge_protection_enabled = var.purge_from_caller
  location            = "westeurope"
  resource_group_name = "rg-kv"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"
}
