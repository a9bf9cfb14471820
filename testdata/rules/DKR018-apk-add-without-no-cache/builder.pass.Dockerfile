FROM alpine:3.20.1 AS build
RUN apk add build-base=0.5-r3

FROM alpine:3.20.1
COPY --from=build /usr/bin/make /usr/bin/make
