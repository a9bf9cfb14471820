resource "azurerm_kubernetes_cluster" "dev" { # expect: AZU015
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

  oms_agent {
    log_analytics_workspace_id = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/logs"
  }
}

# Diagnostic setting exists, but without the audit categories.
resource "azurerm_kubernetes_cluster" "staging" { # expect: AZU015
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
}

resource "azurerm_monitor_diagnostic_setting" "staging" {
  name                       = "staging-diag"
  target_resource_id         = azurerm_kubernetes_cluster.staging.id
  log_analytics_workspace_id = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/logs"

  enabled_log {
    category = "kube-apiserver"
  }

  metric {
    category = "AllMetrics"
  }
}
