# One image for both the API and the dashboard; docker-compose.yml picks the command.
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json turbo.json tsconfig.json ./
COPY shared/package.json shared/
COPY api/package.json api/
COPY dashboard/package.json dashboard/
RUN npm ci --no-audit --no-fund
COPY shared shared
COPY api api
COPY dashboard dashboard
ENV TURBO_TELEMETRY_DISABLED=1 NEXT_TELEMETRY_DISABLED=1
RUN npm run build && npm prune --omit=dev

FROM node:20.20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
COPY --from=build /app /app
USER node
EXPOSE 4000 3000
CMD ["node", "api/dist/main.js"]
