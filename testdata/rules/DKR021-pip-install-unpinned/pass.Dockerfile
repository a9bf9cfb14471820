FROM python:3.12.4-slim-bookworm
RUN pip install --no-cache-dir requests==2.32.3 flask==3.0.3
RUN pip install --no-cache-dir -r requirements.txt
RUN pip install --no-cache-dir --require-hashes -c constraints.txt gunicorn
RUN pip install --no-cache-dir ./dist/app-1.0.0-py3-none-any.whl .
RUN pip install --no-cache-dir "git+https://github.com/psf/black@24.4.2"
