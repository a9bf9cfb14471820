FROM debian:bookworm-20240701-slim
RUN set -o pipefail && curl -fsSL https://example.com/tool-1.2.3.tar.gz | tar -xz -C /opt
RUN echo no pipe here
