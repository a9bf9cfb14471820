FROM registry.acme.internal/mirror/golang:1.22.5 AS build
RUN go build -o /out/app ./...

FROM ghcr.io/acme/runtime:1.4.2
COPY --from=build /out/app /app
USER 10001
