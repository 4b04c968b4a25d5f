# One image for every Relais service (docker-compose.yml picks the entry point per service).
# Not built on the development machines (no Docker engine there): test/compose.test.ts checks
# that every path this file and docker-compose.yml name exists. See docs/operations.md.
FROM node:24.21.0-bookworm-slim AS build
WORKDIR /relais
# Dependencies first (cached while only sources change); the same lockfile and install-script
# approvals as a development machine.
COPY package.json package-lock.json ./
COPY packages ./packages
COPY contracts ./contracts
COPY services ./services
COPY infra ./infra
COPY scripts ./scripts
COPY turbo.json tsconfig.base.json tsconfig.json ./
RUN npm ci --no-audit --no-fund && npx turbo run build --output-logs=errors-only

FROM node:24.21.0-bookworm-slim
ENV NODE_ENV=production RELAIS_PROFILE=production
WORKDIR /relais
COPY --from=build --chown=node:node /relais /relais
# Services write only to their data volumes (mounted under /data) and never as root.
USER node
ENTRYPOINT ["node", "--disable-warning=TimeoutNegativeWarning", "--import", "@relais/kit/telemetry/register"]
CMD ["services/gateway/dist/index.js"]
