FROM alpine:3.20.1
RUN apk add --no-cache curl=8.9.0-r0 git~2.45
RUN apk add --no-cache --virtual .build-deps gcc=13.2.1_git20240309-r0 musl-dev=1.2.5-r0
RUN apk del .build-deps
