// Prisma CLI configuration. The datasource URL is only read by CLI commands that talk to the
// database (`prisma migrate deploy` on a machine that can download Prisma's native engine);
// the service itself applies migrations through src/db/migrate.ts.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/gatehouse' },
});
