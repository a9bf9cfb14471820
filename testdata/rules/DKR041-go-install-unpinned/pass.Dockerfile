FROM golang:1.22.5-bookworm
ARG DLV_VERSION=v1.23.0
RUN go install golang.org/x/tools/gopls@v0.16.1
RUN go install github.com/go-delve/delve/cmd/dlv@${DLV_VERSION}
RUN go install ./cmd/... && go install
RUN go build -o /out/app ./cmd/app
RUN go get github.com/stretchr/testify@v1.9.0
