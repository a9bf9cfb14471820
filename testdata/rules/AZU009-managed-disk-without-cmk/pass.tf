variable "des_from_caller" {
  type = string
}

resource "azurerm_managed_disk" "secure" {
  name                   = "secure"
  location               = "westeurope"
  resource_group_name    = "rg-vm"
  storage_account_type   = "Premium_LRS"
  create_option          = "Empty"
  disk_size_gb           = 256
  disk_encryption_set_id = "/subscriptions/0000/resourceGroups/rg-vm/providers/Microsoft.Compute/diskEncryptionSets/main"
}

resource "azurerm_managed_disk" "caller" {
  name                   = "caller"
  location               = "westeurope"
  resource_group_name    = "rg-vm"
  storage_account_type   = "Premium_LRS"
  create_option          = "Empty"
  disk_size_gb           = 256
  disk_encryption_set_id = var.des_from_caller
}
