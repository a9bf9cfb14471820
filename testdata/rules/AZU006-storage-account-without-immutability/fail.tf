variable "accounts" {
  type    = list(string)
  default = ["acmebackups1", "acmebackups2"]
}

resource "azurerm_storage_account" "backups" { # expect: AZU006
  count                    = length(var.accounts)
  name                     = var.accounts[count.index]
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
}
