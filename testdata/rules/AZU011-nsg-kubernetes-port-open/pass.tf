resource "azurerm_network_security_group" "k8s_private" {
  name                = "nsg-k8s-private"
  location            = "westeurope"
  resource_group_name = "rg-net"

  security_rule {
    name                       = "kube-api-from-vnet"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "6443"
    source_address_prefix      = "VirtualNetwork"
    destination_address_prefix = "*"
  }
}
