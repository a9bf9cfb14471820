variable "end_from_caller" {
  type = string
}

resource "azurerm_mssql_firewall_rule" "office" {
  name             = "office"
  server_id        = "/subscriptions/0000/resourceGroups/rg-db/providers/Microsoft.Sql/servers/acme"
  start_ip_address = "203.0.113.0"
  end_ip_address   = "203.0.113.255"
}

# The special rule that allows Azure services (not the internet).
resource "azurerm_mssql_firewall_rule" "azure_services" {
  name             = "AllowAzureServices"
  server_id        = "/subscriptions/0000/resourceGroups/rg-db/providers/Microsoft.Sql/servers/acme"
  start_ip_address = "0.0.0.0"
  end_ip_address   = "0.0.0.0"
}

resource "azurerm_mysql_flexible_server_firewall_rule" "caller" {
  name                = "caller"
  resource_group_name = "rg-db"
  server_name         = "acme-mysql"
  start_ip_address    = "0.0.0.0"
  end_ip_address      = var.end_from_caller
}
