FROM debian:bookworm-20240701-slim
WORKDIR /app
