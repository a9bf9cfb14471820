variable "purge_protection" {
  type    = bool
  default = false
}

resource "azurerm_key_vault" "app" { # expect: AZU018
  name = "acme-app"
  location            = "westeurope"
  resource_group_name = "rg-kv"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"
}

resource "azurerm_key_vault" "keys" {
  name                     = "acme-keys"
  purge_protection_enabled = var.purge_protection # expect: AZU018
  location            = "westeurope"
  resource_group_name = "rg-kv"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"
}
