variable "action_from_caller" {
  type = string
}

resource "azurerm_key_vault" "restricted" {
  name = "acme-restricted"
  location            = "westeurope"
  resource_group_name = "rg-kv"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"

  network_acls {
    default_action = "Deny"
    bypass         = "AzureServices"
    ip_rules       = ["203.0.113.0/24"]
  }
}

resource "azurerm_key_vault" "private" {
  name                          = "acme-private"
  public_network_access_enabled = false
  location            = "westeurope"
  resource_group_name = "rg-kv"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"
}

resource "azurerm_key_vault" "caller" {
  name = "acme-caller"
  location            = "westeurope"
  resource_group_name = "rg-kv"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"

  network_acls {
    default_action = var.action_from_caller
    bypass         = "AzureServices"
  }
}
