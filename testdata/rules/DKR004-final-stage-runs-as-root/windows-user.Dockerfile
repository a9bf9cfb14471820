FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS tools
# expect-next-line: DKR004 "ContainerAdministrator"
USER ContainerAdministrator
CMD ["cmd", "/c", "ver"]
