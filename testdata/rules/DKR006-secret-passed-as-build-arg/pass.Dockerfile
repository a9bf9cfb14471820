# syntax=docker/dockerfile:1
FROM node:20.15.1-bookworm-slim
ARG NODE_VERSION=20
ARG TOKEN_URL=https://auth.example.com/token
ENV PASSWORD_FILE=/run/secrets/db_password
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
