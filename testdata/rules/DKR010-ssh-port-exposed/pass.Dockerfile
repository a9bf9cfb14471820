FROM debian:bookworm-20240701-slim
EXPOSE 8080 2222/tcp 443/udp
