# escape=x
FROM alpine:3.19
FOO bar
COPY onlyone
ENV A=${B
RUN <<EOF
echo never closed
USER app
EXPOSE 80 http
RUN echo done \
