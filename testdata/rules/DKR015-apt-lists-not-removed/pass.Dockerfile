# syntax=docker/dockerfile:1
FROM debian:bookworm-20240701-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends gcc=4:12.2.0-3

FROM debian:bookworm-20240701-slim
RUN apt-get update && apt-get install -y --no-install-recommends tini=0.19.0-1 && rm -rf /var/lib/apt/lists/*
RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y --no-install-recommends jq=1.6-2.1
RUN set -eux; \
	apt-get update; \
	apt-get install -y --no-install-recommends curl=8.14.1-2; \
	apt-get dist-clean
