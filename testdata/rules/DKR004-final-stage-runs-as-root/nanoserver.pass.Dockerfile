# Nano Server's default account is ContainerUser.
FROM mcr.microsoft.com/powershell:lts-nanoserver-1809
CMD ["pwsh", "-c", "$PSVersionTable"]
