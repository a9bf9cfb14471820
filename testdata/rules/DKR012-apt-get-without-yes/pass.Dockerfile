FROM debian:bookworm-20240701-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 && rm -rf /var/lib/apt/lists/*
RUN apt-get -qq install git=1:2.39.2-1.1
RUN apt-get install --yes jq=1.6-2.1
RUN apt-get install -qy tini=0.19.0-1
RUN apt-get remove curl
