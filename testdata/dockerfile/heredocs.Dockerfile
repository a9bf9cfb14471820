# syntax=docker/dockerfile:1
FROM debian:12
RUN <<EOF
set -euo pipefail
apt-get update
curl -fsSL https://example.com/install.sh | bash
EOF
RUN <<-'SCRIPT' bash
	echo "$HOME" | tee /tmp/home
	SCRIPT
COPY <<CONF /etc/app.conf
listen = 8080
CONF
RUN <<ONE cat > /a && <<TWO cat > /b
first
ONE
second
TWO
RUN python3 <<PY
import os
os.system("rm -rf /")
PY
USER app
