resource "azurerm_kubernetes_cluster" "prod" {
  name       = "prod"
  dns_prefix = "prod"
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

resource "azurerm_monitor_diagnostic_setting" "prod" {
  name                       = "prod-audit"
  target_resource_id         = azurerm_kubernetes_cluster.prod.id
  log_analytics_workspace_id = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/logs"

  dynamic "enabled_log" {
    for_each = ["kube-apiserver", "kube-audit-admin"]
    content {
      category = enabled_log.value
    }
  }
}

resource "azurerm_kubernetes_cluster" "group" {
  name       = "group"
  dns_prefix = "group"
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

resource "azurerm_monitor_diagnostic_setting" "group" {
  name               = "group-audit"
  target_resource_id = azurerm_kubernetes_cluster.group.id
  storage_account_id = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acmelogs"

  enabled_log {
    category_group = "audit"
  }
}

# azurerm 3.x log blocks.
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
}

resource "azurerm_monitor_diagnostic_setting" "legacy" {
  name               = "legacy-audit"
  target_resource_id = azurerm_kubernetes_cluster.legacy.id
  storage_account_id = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acmelogs"

  log {
    category = "kube-audit"
    enabled  = true
  }
}
