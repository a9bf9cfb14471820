FROM debian:bookworm-20240701-slim
ARG INSTALLER_SHA256=2b7c37b2a3b1b4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d
RUN curl -fsSLo /tmp/install.sh https://get.example.com/install.sh \
 && echo "${INSTALLER_SHA256}  /tmp/install.sh" | sha256sum -c - \
 && sh /tmp/install.sh && rm /tmp/install.sh
RUN curl -fsSL https://example.com/tool-1.2.3.tar.gz | tar -xz -C /opt
