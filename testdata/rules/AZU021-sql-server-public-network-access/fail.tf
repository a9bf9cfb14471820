variable "sql_admin_password" {
  type      = string
  sensitive = true
}

variable "public_access" {
  type    = bool
  default = true
}

resource "azurerm_mssql_server" "main" { # expect: AZU021
  name                         = "acme-main"
  resource_group_name          = "rg-db"
  location                     = "westeurope"
  version                      = "12.0"
  minimum_tls_version          = "1.2"
  administrator_login          = "sqladmin"
  administrator_login_password = var.sql_admin_password
}

resource "azurerm_mssql_server" "reporting" {
  name                          = "acme-reporting"
  public_network_access_enabled = var.public_access # expect: AZU021
  resource_group_name          = "rg-db"
  location                     = "westeurope"
  version                      = "12.0"
  minimum_tls_version          = "1.2"
  administrator_login          = "sqladmin"
  administrator_login_password = var.sql_admin_password
}
