# syntax=docker/dockerfile:1.7
ARG GO_VERSION=1.22
ARG BASE=alpine:3.19
FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine AS builder
ARG GO_VERSION
ENV CGO_ENABLED=0 GOFLAGS="-trimpath -mod=readonly"
WORKDIR /src
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download && \
    go build -o /out/app ./cmd/app
USER 1000:1000

FROM builder AS tester
RUN go test ./...

FROM ${BASE}
COPY --from=builder --chown=app:app /out/app /usr/local/bin/app
COPY --from=0 /etc/passwd /etc/passwd
COPY --from=nginx:1.25 /etc/nginx/nginx.conf /etc/nginx/
EXPOSE 8080 9090/udp
HEALTHCHECK --interval=30s CMD ["/usr/local/bin/app", "health"]
ENTRYPOINT ["/usr/local/bin/app"]
