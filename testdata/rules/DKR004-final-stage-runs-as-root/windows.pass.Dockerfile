FROM mcr.microsoft.com/windows/servercore:ltsc2022
USER ContainerUser
CMD ["cmd", "/c", "ver"]
