FROM debian:bookworm-20240701-slim
RUN apt-get install -y --no-install-recommends internal-tool=1.2.3
FROM alpine:3.20.1
RUN apk add --no-cache tool=1.2.3-r0
FROM fedora:40
RUN rpm --import https://repo.example.com/RPM-GPG-KEY && dnf install -y tool-1.2.3-1.fc40 && dnf clean all
