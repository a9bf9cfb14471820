variable "access_from_caller" {
  type = bool
}

resource "azurerm_mssql_server" "private" {
  name                          = "acme-private"
  public_network_access_enabled = false
  resource_group_name          = "rg-db"
  location                     = "westeurope"
  version                      = "12.0"
  minimum_tls_version          = "1.2"
  administrator_login          = "sqladmin"
  administrator_login_password = var.sql_admin_password
}

resource "azurerm_mssql_server" "caller" {
  name                          = "acme-caller"
  public_network_access_enabled = var.access_from_caller
  resource_group_name          = "rg-db"
  location                     = "westeurope"
  version                      = "12.0"
  minimum_tls_version          = "1.2"
  administrator_login          = "sqladmin"
  administrator_login_password = var.sql_admin_password
}
