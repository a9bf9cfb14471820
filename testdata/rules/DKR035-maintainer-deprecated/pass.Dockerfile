FROM debian:bookworm-20240701-slim
LABEL org.opencontainers.image.authors="jane@example.com"
