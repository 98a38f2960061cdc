# Gatehouse service image. PostgreSQL comes from DATABASE_URL (see docker-compose.yml).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY prisma.config.ts codegen.ts schema.graphql tsconfig.json ./
RUN npm ci --no-audit --no-fund
COPY src ./src
EXPOSE 4000
USER node
CMD ["npm", "start"]
