variable "end_ip" {
  type    = string
  default = "255.255.255.255"
}

resource "azurerm_mssql_firewall_rule" "everyone" {
  name             = "everyone"
  server_id        = "/subscriptions/0000/resourceGroups/rg-db/providers/Microsoft.Sql/servers/acme"
  start_ip_address = "0.0.0.0" # expect: AZU020
  end_ip_address   = "255.255.255.255"
}

resource "azurerm_postgresql_flexible_server_firewall_rule" "everyone" {
  name             = "everyone"
  server_id        = "/subscriptions/0000/resourceGroups/rg-db/providers/Microsoft.DBforPostgreSQL/flexibleServers/acme"
  start_ip_address = "0.0.0.0" # expect: AZU020
  end_ip_address   = var.end_ip
}
