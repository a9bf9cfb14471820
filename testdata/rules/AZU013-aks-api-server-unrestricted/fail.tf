variable "api_ranges" {
  type    = list(string)
  default = ["0.0.0.0/0"]
}

resource "azurerm_kubernetes_cluster" "dev" { # expect: AZU013
  name       = "dev"
  dns_prefix = "dev"
  location            = "westeurope"
  resource_group_name = "rg-aks"

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_kubernetes_cluster" "staging" {
  name       = "staging"
  dns_prefix = "staging"
  location            = "westeurope"
  resource_group_name = "rg-aks"

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }

  api_server_access_profile {
    authorized_ip_ranges = var.api_ranges # expect: AZU013
  }
}

resource "azurerm_kubernetes_cluster" "legacy" {
  name                            = "legacy"
  dns_prefix                      = "legacy"
  api_server_authorized_ip_ranges = ["203.0.113.0/24", "0.0.0.0/0"] # expect: AZU013
  location            = "westeurope"
  resource_group_name = "rg-aks"

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }
}
