FROM debian:bookworm-20240701-slim
WORKDIR /usr/src/app
RUN make install
RUN (cd /tmp/src && ./configure && make install) && rm -rf /tmp/src
RUN echo "built in $(cd /usr/src/app && pwd)"
# The script of `sh -c` runs in a child shell, as another user here: its
# `cd` ends with it, and WORKDIR could not stand in for it.
RUN su nobody -s /bin/sh -c "cd /tmp/build && make" && rm -rf /tmp/build
RUN sh -c 'cd /usr/src/app && make'
