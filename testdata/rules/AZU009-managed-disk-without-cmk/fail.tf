variable "des_id" {
  type    = string
  default = null
}

resource "azurerm_managed_disk" "data" { # expect: AZU009
  name                   = "data"
  location               = "westeurope"
  resource_group_name    = "rg-vm"
  storage_account_type   = "Premium_LRS"
  create_option          = "Empty"
  disk_size_gb           = 256
  disk_encryption_set_id = var.des_id
}
