FROM alpine:3.20.1 AS base
RUN addgroup -S app && adduser -S -G app app

# Created in the stage this one is built FROM; UID chosen by adduser.
FROM base
USER app:app
CMD ["/app"]
