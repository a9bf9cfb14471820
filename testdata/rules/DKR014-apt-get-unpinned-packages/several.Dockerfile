FROM debian:bookworm-20240701-slim
# Each RUN is its own finding: fixing the first does not reveal the next.
# expect-next-line: DKR014
RUN apt-get update && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
# A peer's comment above an instruction covers its continuation lines.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      git \
 && rm -rf /var/lib/apt/lists/*
# strata:ignore DKR014 the snapshot mirror fixes versions
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      jq \
 && rm -rf /var/lib/apt/lists/*
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
# expect-next-line: DKR014
      wget \
 && rm -rf /var/lib/apt/lists/*
