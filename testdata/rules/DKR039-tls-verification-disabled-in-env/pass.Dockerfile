FROM node:20.15.1-bookworm-slim
ENV NODE_TLS_REJECT_UNAUTHORIZED=1
ENV NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/corp-root-ca.crt
FROM python:3.12.4-slim-bookworm
ENV REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt
