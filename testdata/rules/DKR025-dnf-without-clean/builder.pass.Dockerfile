# A builder's cache never ships: only its files are copied.
FROM fedora:40 AS build
RUN dnf install -y gcc-14.1.1-7.fc40

FROM registry.access.redhat.com/ubi9/ubi-micro:9.4
COPY --from=build /usr/bin/gcc /usr/bin/gcc
