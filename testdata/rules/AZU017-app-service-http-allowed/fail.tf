variable "https_only" {
  type    = bool
  default = false
}

resource "azurerm_linux_web_app" "api" { # expect: AZU017
  name = "acme-api"
  resource_group_name = "rg-app"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/0000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/plan"

  site_config {}
}

resource "azurerm_linux_function_app" "jobs" {
  name                 = "acme-jobs"
  https_only           = var.https_only # expect: AZU017
  storage_account_name = "acmejobs"
  resource_group_name = "rg-app"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/0000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/plan"

  site_config {}
}
