FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4
RUN microdnf install -y shadow-utils-4.9-8.el9 && microdnf clean all
FROM fedora:40
RUN dnf install -y nginx-1.26.1-1.fc40 && dnf clean all
