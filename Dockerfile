# Gatehouse service image. PostgreSQL comes from DATABASE_URL (see docker-compose.yml).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY prisma.config.ts codegen.ts schema.graphql tsconfig.json ./
# The install step generates the Prisma client and resolver types, which needs the dev tools.
RUN npm ci --no-audit --no-fund --include=dev
COPY src ./src
ENV NODE_ENV=production
EXPOSE 4000
# The data directory holds the generated master key when GATEHOUSE_MASTER_KEY is unset.
RUN mkdir -p /data && chown node:node /data
USER node
CMD ["npm", "start"]
