FROM debian:bookworm-20240701-slim
COPY app/ /app/
ADD rootfs.tar.gz /
ADD https://example.com/archive.tgz /tmp/
