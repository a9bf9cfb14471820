variable "tls_from_caller" {
  type = string
}

resource "azurerm_linux_web_app" "default" {
  name       = "acme-default"
  https_only = true
  resource_group_name = "rg-app"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/0000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/plan"

  site_config {}
}

resource "azurerm_windows_web_app" "modern" {
  name       = "acme-modern"
  https_only = true
  resource_group_name = "rg-app"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/0000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/plan"

  site_config {
    minimum_tls_version = "1.3"
  }
}

resource "azurerm_linux_web_app" "caller" {
  name       = "acme-caller"
  https_only = true
  resource_group_name = "rg-app"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/0000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/plan"

  site_config {
    minimum_tls_version = var.tls_from_caller
  }
}
