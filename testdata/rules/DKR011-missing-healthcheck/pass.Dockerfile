FROM golang:1.22.5-bookworm AS build
RUN go build -o /out/app ./...

FROM debian:bookworm-20240701-slim AS runtime
HEALTHCHECK --interval=30s --timeout=3s CMD ["/app", "healthcheck"]

# Inherited from the `runtime` stage.
FROM runtime
COPY --from=build /out/app /app
USER 10001
ENTRYPOINT ["/app"]
