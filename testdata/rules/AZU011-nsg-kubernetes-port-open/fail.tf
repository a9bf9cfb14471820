variable "api_port" {
  type    = string
  default = "6443"
}

resource "azurerm_network_security_group" "k8s" {
  name                = "nsg-k8s"
  location            = "westeurope"
  resource_group_name = "rg-net"

  security_rule {
    name                       = "kube-api"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = var.api_port
    source_address_prefix      = "Internet" # expect: AZU011
    destination_address_prefix = "*"
  }
}

resource "azurerm_network_security_rule" "kubelet" {
  name                        = "kubelet"
  priority                    = 110
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["2379-2380", "10250"]
  source_address_prefix       = "0.0.0.0/0" # expect: AZU011
  destination_address_prefix  = "*"
  resource_group_name         = "rg-net"
  network_security_group_name = azurerm_network_security_group.k8s.name
}
