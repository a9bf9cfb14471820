FROM fedora:40
RUN dnf install -y nginx-1.26.1-1.fc40 && dnf clean all
RUN dnf install -y https://example.com/tool-1.2.3-1.x86_64.rpm && dnf clean all
FROM centos:7.9.2009
RUN yum install -y httpd-2.4.6-99.el7.centos.1 && yum clean all
