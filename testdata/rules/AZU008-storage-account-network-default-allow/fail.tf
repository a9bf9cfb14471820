variable "default_action" {
  type    = string
  default = "Allow"
}

resource "azurerm_storage_account" "open" { # expect: AZU008
  name                     = "acmeopen"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
}

resource "azurerm_storage_account" "media" {
  name                     = "acmemedia"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"

  network_rules {
    default_action = var.default_action # expect: AZU008
    ip_rules       = ["203.0.113.10"]
  }
}

resource "azurerm_storage_account" "allow_by_name" { # expect: AZU008
  name                     = "acmeallowbyname"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
}

resource "azurerm_storage_account_network_rules" "allow_by_name" {
  resource_group_name  = "rg-data"
  storage_account_name = azurerm_storage_account.allow_by_name.name
  default_action       = "Allow"
}
