FROM debian:bookworm-20240701-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 && rm -rf /var/lib/apt/lists/*
RUN apt-get install -y -o APT::Install-Recommends=false git=1:2.39.2-1.1
