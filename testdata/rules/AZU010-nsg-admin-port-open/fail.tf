variable "admin_source" {
  type    = string
  default = "Internet"
}

variable "extra_rules" {
  type = list(object({
    name     = string
    priority = number
    port     = string
  }))
  default = [
    { name = "https", priority = 200, port = "443" },
    { name = "rdp", priority = 210, port = "3389" },
  ]
}

resource "azurerm_network_security_group" "vms" {
  name                = "nsg-vms"
  location            = "westeurope"
  resource_group_name = "rg-net"

  security_rule {
    name                       = "ssh"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefix      = "*" # expect: AZU010
    destination_address_prefix = "*"
  }
}

resource "azurerm_network_security_group" "windows" {
  name                = "nsg-windows"
  location            = "westeurope"
  resource_group_name = "rg-net"

  dynamic "security_rule" {
    for_each = var.extra_rules
    content {
      name                       = security_rule.value.name
      priority                   = security_rule.value.priority
      direction                  = "Inbound"
      access                     = "Allow"
      protocol                   = "Tcp"
      source_port_range          = "*"
      destination_port_range     = security_rule.value.port
      source_address_prefix      = "Internet" # expect: AZU010
      destination_address_prefix = "*"
    }
  }
}

resource "azurerm_network_security_rule" "admin_range" {
  name                        = "admin-range"
  priority                    = 300
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["443", "3000-3500"]
  source_address_prefix       = var.admin_source # expect: AZU010
  destination_address_prefix  = "*"
  resource_group_name         = "rg-net"
  network_security_group_name = azurerm_network_security_group.vms.name
}

resource "azurerm_network_security_rule" "any_port" {
  name                        = "any-port"
  priority                    = 310
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "*"
  source_port_range           = "*"
  destination_port_range      = "*"
  source_address_prefixes     = ["10.0.0.0/8", "0.0.0.0/0"] # expect: AZU010
  destination_address_prefix  = "*"
  resource_group_name         = "rg-net"
  network_security_group_name = azurerm_network_security_group.vms.name
}
