FROM debian:bookworm-20240701-slim
ARG EXTRA_PACKAGES
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 git=1:2.39.2-1.1 && rm -rf /var/lib/apt/lists/*
RUN apt-get install -y ./vendor/tool_1.2.3_amd64.deb
RUN apt-get install -y $EXTRA_PACKAGES
RUN apt-get purge -y --auto-remove curl
