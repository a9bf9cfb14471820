FROM gcr.io/distroless/static-debian12:nonroot AS base
# expect-next-line: DKR040 "nonroot"
USER nonroot:nonroot

# The account comes with the stage this one is built FROM.
FROM base
COPY app /app
ENTRYPOINT ["/app"]
