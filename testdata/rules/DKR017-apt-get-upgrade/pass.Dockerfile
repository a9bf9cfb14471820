FROM debian:bookworm-20240701-slim
RUN apt-get update && apt-get install -y --no-install-recommends --only-upgrade openssl=3.0.13-1~deb12u1 && rm -rf /var/lib/apt/lists/*
