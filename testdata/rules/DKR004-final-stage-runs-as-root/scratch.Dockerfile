FROM golang:1.22.5-bookworm AS build
RUN CGO_ENABLED=0 go build -o /out/app ./...

# expect-next-line: DKR004 "root"
FROM scratch
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
