# `latest` is DKR001's finding, not this rule's.
FROM golang:latest AS tools
FROM golang:1.22.5-bookworm@sha256:6c2780255bb8d8a2d4a6a9b4c2b3b1a1f7e3e5f1a9d0c4b7e8f6a5d4c3b2a1f0 AS build
RUN go build -o /out/app ./...

FROM build AS test
FROM scratch
COPY --from=build /out/app /app
USER 10001
