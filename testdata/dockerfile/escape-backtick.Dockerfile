# escape=`
# syntax=docker/dockerfile:1
FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command"]
RUN Write-Host `
    # a comment inside the continuation
    hello
WORKDIR C:\app
COPY app\ C:\app\
