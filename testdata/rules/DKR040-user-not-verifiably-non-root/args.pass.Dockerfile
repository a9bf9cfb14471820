# The name and UID come from ARG defaults, as the RUN sees them.
FROM debian:bookworm-20240701-slim
ARG user=svc
ARG uid=1000
RUN useradd -m -u "${uid}" "${user}"
USER ${user}
CMD ["/usr/local/bin/svc"]
