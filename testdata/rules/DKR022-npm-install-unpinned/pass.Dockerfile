FROM node:20.15.1-bookworm-slim
RUN npm ci --omit=dev
RUN npm install -g typescript@5.4.5 @angular/cli@17.3.8
RUN npm install ./vendor/left-pad-1.3.0.tgz
