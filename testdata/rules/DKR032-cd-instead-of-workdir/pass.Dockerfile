FROM debian:bookworm-20240701-slim
WORKDIR /usr/src/app
RUN make install
RUN (cd /tmp/src && ./configure && make install) && rm -rf /tmp/src
RUN echo "built in $(cd /usr/src/app && pwd)"
