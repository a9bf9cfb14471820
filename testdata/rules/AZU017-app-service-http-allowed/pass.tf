variable "https_from_caller" {
  type = bool
}

resource "azurerm_windows_web_app" "secure" {
  name       = "acme-secure"
  https_only = true
  resource_group_name = "rg-app"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/0000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/plan"

  site_config {}
}

resource "azurerm_linux_web_app" "caller" {
  name       = "acme-caller"
  https_only = var.https_from_caller
  resource_group_name = "rg-app"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/0000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/plan"

  site_config {}
}
