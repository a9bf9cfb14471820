FROM mcr.microsoft.com/azurelinux/base/core:3.0
# expect-next-line: DKR025
RUN tdnf install -y ca-certificates-3.0.0-8.azl3
