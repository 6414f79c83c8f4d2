# The app's image (sst.config.ts builds it for the App service and the Migrate task).
# Build: the full install and `next build` with standalone output. Runtime: the standalone server,
# its static files and public/, and the migration step with just what it needs; not root.
# The server does not migrate at start: the deploy runs the Migrate task as its release step,
# before the new version serves (sst.config.ts), so restarting tasks never touches the schema.

FROM node:22-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY . .
RUN npm ci --no-audit --no-fund && NEXT_OUTPUT=standalone npm run build

# The migration step (scripts/run.ts migrate) is not part of the server, so the standalone trace
# leaves it out: it is its own small package (docker/migrator, with its own lockfile; versions
# pinned as in package.json, which a unit test checks).
WORKDIR /migrator
RUN cp /app/docker/migrator/package.json /app/docker/migrator/package-lock.json ./ \
 && npm ci --no-audit --no-fund --omit=dev \
 && cd /app && cp --parents scripts/run.ts server/env.ts server/startup-error.ts server/net-ports.ts \
      server/postgres/schema-engine.ts server/postgres/migration-names.ts /migrator/

FROM node:22-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0
COPY --from=build --chown=node:node /app/.next/standalone ./
COPY --from=build --chown=node:node /app/.next/static ./.next/static
COPY --from=build --chown=node:node /app/public ./public
COPY --from=build --chown=node:node /app/prisma/migrations ./prisma/migrations
COPY --from=build --chown=node:node /migrator ./migrator
COPY --from=build --chown=node:node /app/scripts/healthcheck.mjs ./scripts/healthcheck.mjs
USER node
EXPOSE 3000
# Liveness only (/healthz): a database outage must not get every container restarted.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s CMD ["node", "scripts/healthcheck.mjs"]
# AsyncLocalStorage on context frames (scripts/run.ts says why).
CMD ["node", "--experimental-async-context-frame", "server.js"]
