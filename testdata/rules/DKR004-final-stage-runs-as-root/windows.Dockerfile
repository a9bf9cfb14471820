# escape=`
# Server Core runs as ContainerAdministrator unless told otherwise.
# expect-next-line: DKR004 "ContainerAdministrator"
FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN [Net.ServicePointManager]::SecurityProtocol = 'Tls12'; Write-Host ready
CMD ["cmd", "/c", "ver"]
