FROM debian:bookworm-20240701-slim
ARG APP_USER
USER ${APP_USER}
CMD ["/app"]
