FROM debian:bookworm-20240701-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/tool-1.2.3.tar.gz | tar -xz -C /opt
