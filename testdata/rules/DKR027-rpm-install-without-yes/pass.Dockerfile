FROM fedora:40
RUN dnf install -y nginx-1.26.1-1.fc40 && dnf clean all
RUN yum --assumeyes install httpd-2.4.62-1.fc40 && yum clean all
FROM opensuse/leap:15.6
RUN zypper -n install curl=8.0.1 && zypper clean --all
RUN zypper install -y wget=1.21.4 && zypper clean --all
FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4
RUN microdnf install shadow-utils-4.9-8.el9 && microdnf clean all
