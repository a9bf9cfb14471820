# An image that is not an official one may set its own USER: the message
# says root is what this file leaves, and that the base image may set another.
FROM quay.io/acme/notebook-base:2024.07 AS base
RUN pip install --no-cache-dir pandas==2.2.2

# expect-next-line: DKR004 "root (no USER here; `quay.io/acme/notebook-base:2024.07` may set one)"
FROM base
CMD ["start-notebook.sh"]
