variable "disable_from_caller" {
  type = bool
}

resource "azurerm_linux_virtual_machine" "app" {
  name = "app"
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

  admin_ssh_key {
    username   = "azureuser"
    public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB3x8pYqZ9g7t0p1mJqQnT5s7wT1bKc8vWqX2yZ4aB6c ops@example.com"
  }
}

resource "azurerm_linux_virtual_machine" "caller" {
  name                            = "caller"
  disable_password_authentication = var.disable_from_caller
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

resource "azurerm_virtual_machine" "legacy_keys" {
  name                  = "legacy-keys"
  location              = "westeurope"
  resource_group_name   = "rg-app"
  network_interface_ids = ["/subscriptions/0000/nic/legacy-keys"]
  vm_size               = "Standard_B2s"

  storage_os_disk {
    name          = "legacy-keys-os"
    create_option = "FromImage"
  }

  os_profile {
    computer_name  = "legacy-keys"
    admin_username = "azureuser"
  }

  os_profile_linux_config {
    disable_password_authentication = true
    ssh_keys {
      path     = "/home/azureuser/.ssh/authorized_keys"
      key_data = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyOnlyForTests"
    }
  }
}
