variable "rbac_from_caller" {
  type = bool
}

resource "azurerm_kubernetes_cluster" "default" {
  name       = "default"
  dns_prefix = "default"
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

resource "azurerm_kubernetes_cluster" "caller" {
  name                              = "caller"
  dns_prefix                        = "caller"
  role_based_access_control_enabled = var.rbac_from_caller
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
