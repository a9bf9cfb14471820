FROM debian:bookworm-20240701-slim
HEALTHCHECK NONE
CMD ["sleep", "infinity"]
