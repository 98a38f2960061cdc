// Prisma's schema engine (migrations and diffs) as WebAssembly, driving PostgreSQL through the
// pg driver adapter. Prisma's native engine is a download the CLI makes on first use; the wasm
// build ships in an npm package, so migrations work on machines without outside network.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { DEFAULT_DATABASE_LIMITS, type DatabaseLimits } from './limits.ts';
import { PrismaPgForSchemaEngine } from './pg-adapter-for-schema-engine.ts';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

// Node has WebAssembly, but its types live in the DOM lib, which this project does not load.
interface WasmRuntime {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
const { WebAssembly } = globalThis as unknown as { WebAssembly: WasmRuntime };

let instantiated: Promise<void> | undefined;

/** Instantiates the wasm module once per process: the package's own entry needs a node flag. */
function instantiateEngine(): Promise<void> {
  instantiated ??= (async () => {
    const require = createRequire(import.meta.url);
    // The package does not export the .wasm file itself; it sits beside the bindings.
    const wasmPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg').replace(/\.js$/, '.wasm');
    const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {
      './schema_engine_bg.js': bindings,
    });
    // The engine reports a Rust panic's message here before it throws.
    (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message: (message: string) => console.error(`prisma schema engine panicked: ${message}`),
    };
    const exports = instance.exports as { __wbindgen_start(): void };
    (bindings as unknown as { __wbg_set_wasm(e: unknown): void }).__wbg_set_wasm(exports);
    exports.__wbindgen_start();
  })();
  return instantiated;
}

/**
 * Spells the URL out as fields: the adapter makes its shadow database by overriding `database`,
 * which pg ignores when a connectionString is present.
 */
function poolConfigFromUrl(databaseUrl: string) {
  const url = new URL(databaseUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.slice(1)),
  };
}

/**
 * How long one migration statement may wait for its answer. Migrations may legitimately run long
 * statements (an index on a large table), so not the request limits; but a database that stops
 * answering fails the start instead of hanging it.
 */
export const MIGRATION_STATEMENT_TIMEOUT_MS = 120_000;

/**
 * Runs `work` with a schema engine on the database at `databaseUrl`, then releases the engine
 * and waits for its idle connections to close (left open, they would see an embedded
 * database's shutdown as an error).
 */
export async function withSchemaEngine<T>(
  databaseUrl: string,
  work: (engine: SchemaEngine) => Promise<T>,
  datamodel?: string,
  limits: DatabaseLimits = DEFAULT_DATABASE_LIMITS,
): Promise<T> {
  await instantiateEngine();
  // A config rather than a pool of ours: the adapter copies it for the shadow database, and a
  // pool's copy would lose the password. Idle connections time out fast and never hold the process.
  const config = {
    ...poolConfigFromUrl(databaseUrl),
    max: 2,
    idleTimeoutMillis: 200,
    allowExitOnIdle: true,
    connectionTimeoutMillis: limits.connectTimeoutMs,
    query_timeout: MIGRATION_STATEMENT_TIMEOUT_MS,
    keepAlive: true,
  };
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPgForSchemaEngine(config, { onPoolError: () => {} }));
  const datamodels: [string, string][] | undefined = datamodel === undefined ? undefined : [['schema.prisma', datamodel]];
  const engine = await (bindings.SchemaEngine as unknown as typeof SchemaEngine).new({ datamodels }, () => {}, adapter);
  try {
    return await work(engine);
  } finally {
    engine.free();
    await new Promise((resolve) => setTimeout(resolve, config.idleTimeoutMillis * 2));
  }
}
