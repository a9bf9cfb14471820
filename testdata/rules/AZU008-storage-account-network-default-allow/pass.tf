variable "action_from_caller" {
  type = string
}

resource "azurerm_storage_account" "restricted" {
  name                     = "acmerestricted"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"

  network_rules {
    default_action = "Deny"
    bypass         = ["AzureServices"]
  }
}

resource "azurerm_storage_account" "private" {
  name                          = "acmeprivate"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
  public_network_access_enabled = false
}

resource "azurerm_storage_account" "separate" {
  name                     = "acmeseparate"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
}

resource "azurerm_storage_account_network_rules" "separate" {
  storage_account_id = azurerm_storage_account.separate.id
  default_action     = "Deny"
  bypass             = ["AzureServices"]
}

resource "azurerm_storage_account" "caller" {
  name                     = "acmecaller"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"

  network_rules {
    default_action = var.action_from_caller
  }
}

resource "azurerm_storage_account" "by_name" {
  name                     = "acmebyname"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
}

# azurerm 2.x: the rules name the account instead of its id.
resource "azurerm_storage_account_network_rules" "by_name" {
  resource_group_name  = "rg-data"
  storage_account_name = azurerm_storage_account.by_name.name
  default_action       = "Deny"
}
