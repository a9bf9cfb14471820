variable "kv_default_action" {
  type    = string
  default = "Allow"
}

resource "azurerm_key_vault" "app" { # expect: AZU019
  name = "acme-app"
  location            = "westeurope"
  resource_group_name = "rg-kv"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"
}

resource "azurerm_key_vault" "keys" {
  name = "acme-keys"
  location            = "westeurope"
  resource_group_name = "rg-kv"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"

  network_acls {
    default_action = var.kv_default_action # expect: AZU019
    bypass         = "AzureServices"
  }
}
