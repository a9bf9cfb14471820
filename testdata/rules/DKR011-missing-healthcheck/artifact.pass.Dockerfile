# A scratch stage without a command only carries files to export.
FROM golang:1.22.5-bookworm AS build
RUN CGO_ENABLED=0 go build -o /out/app ./...

FROM scratch AS export
COPY --from=build /out/app /app
