FROM golang:1.22.5-bookworm AS build
RUN go build -o /out/app ./...

FROM debian:bookworm-20240701-slim
RUN useradd --system --uid 10001 --no-create-home app
COPY --from=build /out/app /usr/local/bin/app
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]
