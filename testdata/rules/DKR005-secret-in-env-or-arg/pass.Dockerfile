FROM node:20.15.1-bookworm-slim
# Names without values, placeholders and references are not literals.
ARG NPM_TOKEN
ENV DB_PASSWORD_FILE=/run/secrets/db_password
ENV DB_PASSWORD=${DB_PASSWORD:-}
# A public GPG key fingerprint under a *_KEY name is not a secret.
ENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D
ENV NODE_ENV=production
