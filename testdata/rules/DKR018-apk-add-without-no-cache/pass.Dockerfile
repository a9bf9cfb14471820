# syntax=docker/dockerfile:1
FROM alpine:3.20.1
RUN apk add --no-cache curl=8.9.0-r0
RUN --mount=type=cache,target=/var/cache/apk apk add tini=0.19.0-r3
