variable "rbac" {
  type    = bool
  default = false
}

resource "azurerm_kubernetes_cluster" "dev" {
  name                              = "dev"
  dns_prefix                        = "dev"
  role_based_access_control_enabled = var.rbac # expect: AZU014
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

# azurerm 2.x
resource "azurerm_kubernetes_cluster" "legacy" {
  name       = "legacy"
  dns_prefix = "legacy"
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

  role_based_access_control {
    enabled = false # expect: AZU014
  }
}
