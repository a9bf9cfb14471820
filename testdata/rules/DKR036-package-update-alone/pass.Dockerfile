FROM debian:bookworm-20240701-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 && rm -rf /var/lib/apt/lists/*
FROM alpine:3.20.1
RUN apk add --no-cache curl=8.9.0-r0
FROM debian:bookworm-20240701-slim AS debs
RUN apt-get update && apt-get download tini=0.19.0-1 && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-cache policy tini && rm -rf /var/lib/apt/lists/*
