variable "admin_password" {
  type      = string
  sensitive = true
}

variable "allow_passwords" {
  type    = bool
  default = true
}

resource "azurerm_linux_virtual_machine" "jump" {
  name                            = "jump"
  admin_password                  = var.admin_password
  disable_password_authentication = false # expect: AZU022
  resource_group_name   = "rg-vm"
  location              = "westeurope"
  size                  = "Standard_B2s"
  admin_username        = "azureuser"
  network_interface_ids = ["/subscriptions/0000/resourceGroups/rg-vm/providers/Microsoft.Network/networkInterfaces/nic"]

  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Premium_LRS"
  }

  source_image_reference {
    publisher = "Canonical"
    offer     = "ubuntu-24_04-lts"
    sku       = "server"
    version   = "latest"
  }
}

resource "azurerm_linux_virtual_machine_scale_set" "workers" {
  name                            = "workers"
  resource_group_name             = "rg-vm"
  location                        = "westeurope"
  sku                             = "Standard_B2s"
  instances                       = 2
  admin_username                  = "azureuser"
  admin_password                  = var.admin_password
  disable_password_authentication = !var.allow_passwords # expect: AZU022

  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Premium_LRS"
  }

  source_image_reference {
    publisher = "Canonical"
    offer     = "ubuntu-24_04-lts"
    sku       = "server"
    version   = "latest"
  }

  network_interface {
    name    = "nic"
    primary = true

    ip_configuration {
      name      = "internal"
      primary   = true
      subnet_id = "/subscriptions/0000/resourceGroups/rg-vm/providers/Microsoft.Network/virtualNetworks/vnet/subnets/vms"
    }
  }
}

# The legacy resource keeps the setting in `os_profile_linux_config`.
resource "azurerm_virtual_machine" "legacy" {
  name                  = "legacy"
  location              = "westeurope"
  resource_group_name   = "rg-app"
  network_interface_ids = ["/subscriptions/0000/nic/legacy"]
  vm_size               = "Standard_B2s"

  storage_os_disk {
    name          = "legacy-os"
    create_option = "FromImage"
  }

  os_profile {
    computer_name  = "legacy"
    admin_username = "azureuser"
  }

  os_profile_linux_config {
    disable_password_authentication = false # expect: AZU022
  }
}
