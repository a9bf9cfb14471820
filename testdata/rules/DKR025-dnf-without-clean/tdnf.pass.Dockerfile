# syntax=docker/dockerfile:1
FROM mcr.microsoft.com/azurelinux/base/core:3.0
RUN tdnf install -y ca-certificates-3.0.0-8.azl3 && tdnf clean all
RUN tdnf install -y tar-1.35-1.azl3 && rm -rf /var/cache/tdnf
RUN --mount=type=cache,target=/var/cache/tdnf tdnf install -y jq-1.7.1-1.azl3
