ARG BASE_IMAGE
FROM ${BASE_IMAGE}
SHELL ["powershell", "-Command"]
USER builder
CMD ["powershell"]
