ARG BASE_IMAGE
FROM ${BASE_IMAGE}
# An unresolved base is taken for Linux unless a SHELL says Windows.
# expect-next-line: DKR040 "harbor"
USER harbor
ENTRYPOINT ["/entrypoint.sh"]
