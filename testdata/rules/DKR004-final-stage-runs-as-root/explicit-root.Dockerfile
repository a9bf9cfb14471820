FROM debian:bookworm-20240701-slim AS base
USER app

FROM base
USER app
RUN id
# expect-next-line: DKR004
USER 0:0
CMD ["id"]
