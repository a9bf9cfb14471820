FROM python:3.12.4-slim-bookworm
ENV PIP_NO_CACHE_DIR=1
RUN pip install -r requirements.txt
