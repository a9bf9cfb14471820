locals {
  db_ports = ["1433", "5432"]
}

resource "azurerm_network_security_group" "db" {
  name                = "nsg-db"
  location            = "westeurope"
  resource_group_name = "rg-net"

  security_rule {
    name                       = "databases"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_ranges    = local.db_ports
    source_address_prefix      = "Any" # expect: AZU012
    destination_address_prefix = "*"
  }
}

resource "azurerm_network_security_rule" "redis" {
  name                        = "redis"
  priority                    = 110
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "6379"
  source_address_prefix       = "*" # expect: AZU012
  destination_address_prefix  = "*"
  resource_group_name         = "rg-net"
  network_security_group_name = azurerm_network_security_group.db.name
}
