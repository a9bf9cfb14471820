FROM debian:bookworm-20240701-slim
RUN mkdir -p /data && chown 10001:10001 /data && chmod 750 /data
RUN chmod 1777 /scratch && chmod u+x,g+x /opt/app/run.sh
COPY --chmod=644 config.yaml /etc/app/config.yaml
