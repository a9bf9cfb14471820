FROM python:3.12.4-slim-bookworm
COPY corp-root-ca.crt /usr/local/share/ca-certificates/corp-root-ca.crt
RUN update-ca-certificates
RUN curl -fsSL --cacert /etc/ssl/certs/ca-certificates.crt -o /tmp/tool.tgz https://artifacts.internal/tool-1.2.3.tgz
RUN pip install --no-cache-dir --cert /etc/ssl/certs/ca-certificates.crt requests==2.32.3
RUN git config --global http.sslCAInfo /etc/ssl/certs/ca-certificates.crt
