variable "min_tls" {
  type    = string
  default = "1.0"
}

resource "azurerm_linux_web_app" "api" {
  name       = "acme-api"
  https_only = true
  resource_group_name = "rg-app"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/0000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/plan"

  site_config {
    minimum_tls_version = "1.1" # expect: AZU016
  }
}

resource "azurerm_windows_function_app" "jobs" {
  name                       = "acme-jobs"
  https_only                 = true
  storage_account_name       = "acmejobs"
  storage_account_access_key = "unused"
  resource_group_name = "rg-app"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/0000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/plan"

  site_config {
    minimum_tls_version = var.min_tls # expect: AZU016
  }
}

resource "azurerm_app_service" "legacy" {
  name                = "acme-legacy"
  resource_group_name = "rg-app"
  location            = "westeurope"
  app_service_plan_id = "/subscriptions/0000/resourceGroups/rg-app/providers/Microsoft.Web/serverFarms/plan"

  site_config {
    min_tls_version = "1.0" # expect: AZU016
  }
}
