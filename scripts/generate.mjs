// Generates what the build needs from the two schema files: the Prisma client (from
// prisma/schema.prisma), the resolver types (from schema.graphql) and the typed client
// operations of client/operations (npm run codegen:client). Runs on `npm install`.
//
// `prisma generate` never calls Prisma's native schema engine, but the CLI insists on finding
// one and tries to download it when absent, which fails offline. Pointing
// PRISMA_SCHEMA_ENGINE_BINARY at any executable file satisfies that check.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
env.PRISMA_HIDE_UPDATE_MESSAGE = '1';

const run = (bin, args) => execFileSync(bin, args, { stdio: 'inherit', env });
run(process.execPath, ['node_modules/prisma/build/index.js', 'generate']);
const codegen = (config) => run(process.execPath, ['node_modules/@graphql-codegen/cli/cjs/bin.js', '--config', config]);
if (existsSync('schema.graphql') && existsSync('codegen.ts')) codegen('codegen.ts');
if (existsSync('schema.graphql') && existsSync('client/codegen.ts')) codegen('client/codegen.ts');
