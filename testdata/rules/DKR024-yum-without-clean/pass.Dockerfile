FROM centos:7.9.2009
RUN yum install -y httpd-2.4.6-99.el7.centos.1 && yum clean all
RUN yum install -y mod_ssl-2.4.6-99.el7.centos.1 && rm -rf /var/cache/yum
