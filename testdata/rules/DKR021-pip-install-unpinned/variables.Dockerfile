# Arguments are judged with the ARG and ENV values they name.
FROM python:3.12-slim
ARG TF_POSTFIX=-cpu
ARG POETRY_VERSION=1.8.3
ENV HTTP_CLIENT=requests
# expect-next-line: DKR021 "installs tensorflow-cpu without an exact version"
RUN pip install --no-cache-dir "tensorflow${TF_POSTFIX}"
# expect-next-line: DKR021 "installs requests without an exact version"
RUN pip install --no-cache-dir $HTTP_CLIENT
# A pin carried by the variable: poetry==1.8.3.
RUN pip install --no-cache-dir "poetry${POETRY_VERSION:+==$POETRY_VERSION}"
# The script sets the variable itself: its value there is not the ARG's.
RUN TF_POSTFIX="==2.16.1" && pip install --no-cache-dir "tensorflow${TF_POSTFIX}"
USER 10001
