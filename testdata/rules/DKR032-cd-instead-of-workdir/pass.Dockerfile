FROM debian:bookworm-20240701-slim
WORKDIR /usr/src/app
RUN make install
