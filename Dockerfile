# One multi-stage file, one target per app:
#   docker build --target messages-api -t cruddur/messages-api .
#   (users, stream-worker likewise; `tools` runs the ops commands, e.g. the compose setup job)
ARG NODE_IMAGE=node:20.20-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY tsconfig.json nest-cli.json ./
COPY apps apps
COPY libs libs
# One build per app: dist/apps/<app> holds that app's sources and only the libs it imports.
RUN npm run build

FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# The runtime base: production dependencies only, not root.
FROM ${NODE_IMAGE} AS runtime
# MALLOC_ARENA_MAX: BUILT_APP_ENV of libs/dev-infra/src/app-process.ts says why.
ENV NODE_ENV=production LOG_FORMAT=json AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
COPY --chown=node:node package.json ./
# NAME_FILE -> NAME for the secrets (USERS_TRANSPORT_SECRET, PGPASSWORD), then the command.
COPY bin/container-entrypoint.sh /usr/local/bin/container-entrypoint
ENTRYPOINT ["container-entrypoint"]
USER node

FROM runtime AS messages-api
COPY --from=build --chown=node:node /app/dist/apps/messages-api ./dist
EXPOSE 4567
HEALTHCHECK --interval=10s --timeout=3s CMD ["node", "-e", "fetch('http://127.0.0.1:4567/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Memory within docs/design.md §7 at the CPU it budgets: why, in BUILT_APP_NODE_FLAGS of libs/dev-infra/src/app-process.ts.
CMD ["node", "--max-semi-space-size=4", "--heap-growing-percent=30", "dist/apps/messages-api/src/main.js"]

FROM runtime AS users
COPY --from=build --chown=node:node /app/dist/apps/users ./dist
EXPOSE 4568
HEALTHCHECK --interval=10s --timeout=3s CMD ["node", "-e", "require('net').connect(4568,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))"]
# Memory over speed (docs/design.md §7's 120 MiB): why, in BUILT_APP_NODE_FLAGS of libs/dev-infra/src/app-process.ts.
CMD ["node", "--max-semi-space-size=2", "--optimize-for-size", "dist/apps/users/src/main.js"]

FROM runtime AS stream-worker
COPY --from=build --chown=node:node /app/dist/apps/stream-worker ./dist
EXPOSE 4569
HEALTHCHECK --interval=10s --timeout=3s CMD ["node", "-e", "fetch('http://127.0.0.1:4569/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Memory over speed (docs/design.md §7's 120 MiB): why, in BUILT_APP_NODE_FLAGS of libs/dev-infra/src/app-process.ts.
CMD ["node", "--max-semi-space-size=2", "--optimize-for-size", "dist/apps/stream-worker/src/main.js"]

# Ops commands (schema, migrations, seeds, Cognito setup) from source; used by compose's setup job.
FROM deps AS tools
ENV AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
COPY tsconfig.json nest-cli.json ./
COPY apps apps
COPY libs libs
COPY bin bin
COPY bin/container-entrypoint.sh /usr/local/bin/container-entrypoint
ENTRYPOINT ["container-entrypoint"]
# Mount points of compose's named volumes, owned by `node`: a new volume takes its mount point's owner,
# so these containers (not root) can write to them. /run/secrets/*: the init job's secrets;
# /app/.data/dynamodb: only so that init hands the DynamoDB data volume to uid 1000 (see docker-compose.yml).
RUN mkdir -p /app/.data/cognito /app/.data/dynamodb /run/secrets/postgres /run/secrets/users-transport /run/secrets/events-transport \
 && chown -R node:node /app/.data /run/secrets
USER node
CMD ["npm", "run", "ddb", "--", "--help"]

# The live-events broker for docker-compose: Debian's nats-server package, so the stack builds from
# the same base as the apps with no other registry image. Compose keeps it on its own network.
FROM ${NODE_IMAGE} AS nats
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nats-server \
  && rm -rf /var/lib/apt/lists/*
USER node
EXPOSE 4222
HEALTHCHECK --interval=5s --timeout=3s CMD ["node", "-e", "fetch('http://127.0.0.1:8222/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["nats-server", "--port", "4222", "--http_port", "8222"]
