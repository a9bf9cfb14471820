FROM debian:bookworm-20240701-slim
RUN useradd --system --uid 10001 --no-create-home app
USER app
CMD ["/usr/local/bin/app"]
