FROM python:3.12.4-slim-bookworm AS wheels
RUN pip wheel --wheel-dir /wheels requests==2.32.3 && pip install build==1.2.1

FROM python:3.12.4-slim-bookworm
COPY --from=wheels /wheels /wheels
RUN pip install --no-cache-dir --no-index --find-links /wheels requests==2.32.3
