FROM debian:bookworm-20240701-slim AS base
RUN useradd --system --uid 10001 app
USER app

# The user set in `base` carries over.
FROM base
CMD ["id"]
