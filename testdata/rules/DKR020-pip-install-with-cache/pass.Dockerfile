# syntax=docker/dockerfile:1
FROM python:3.12.4-slim-bookworm
RUN pip install --no-cache-dir -r requirements.txt
RUN PIP_NO_CACHE_DIR=1 pip install requests==2.32.3
RUN --mount=type=cache,target=/root/.cache/pip pip install flask==3.0.3
