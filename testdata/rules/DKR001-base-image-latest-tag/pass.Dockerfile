ARG PYTHON_VERSION=3.12.4
FROM python:${PYTHON_VERSION}-slim-bookworm AS build
RUN python -m compileall /usr/lib/python3

FROM alpine:3.20.1@sha256:b89d9c93e9ed3597455c90a0b88a8bbb5cb7188438f70953fede212a0c4394e0
FROM build AS test
FROM scratch
