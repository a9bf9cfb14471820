FROM alpine:3.20.1 AS base
# expect-next-line: DKR018
RUN apk add curl=8.9.0-r0

FROM base
# expect-next-line: DKR018
RUN apk add \
      jq=1.7.1-r0
