FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends jq=1.7.1-3build1 && apt-cache policy jq
