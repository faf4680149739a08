# Cellmate server + web app in one image. Multi-stage: the build stage has the toolchain that
# compiles better-sqlite3's native module (when no prebuilt binary fits) and the dev
# dependencies; the runtime stage has only Node, the built code and production dependencies.
#   docker build -t cellmate .
#   docker run -p 3000:3000 -v cellmate-data:/data cellmate            # one process, SQLite
# Several processes: set DATABASE_URL and REDIS_URL (see docker-compose.yml and the README).

FROM node:20-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
RUN npm install -g pnpm@10.34.9
# CI=true: pnpm proceeds without prompting when `install --prod` below prunes node_modules.
ENV CI=true TURBO_TELEMETRY_DISABLED=1
WORKDIR /app
# Manifests first, so the dependency layer is rebuilt only when they change.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY apps/server/package.json apps/server/
COPY apps/web/package.json apps/web/
COPY packages/model/package.json packages/model/
COPY packages/formula/package.json packages/formula/
COPY packages/protocol/package.json packages/protocol/
COPY packages/client/package.json packages/client/
COPY packages/bench/package.json packages/bench/
COPY e2e/package.json e2e/
RUN pnpm install --frozen-lockfile
COPY . .
RUN pnpm build
# Drop the dev dependencies; the compiled better-sqlite3 stays.
RUN pnpm install --prod --frozen-lockfile

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "apps/server/dist-bundle/main.js"]
