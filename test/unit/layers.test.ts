// What the dependency rule (.dependency-cruiser.cjs, run by `npm test`) cannot see: a resolver
// reaching the database through the scope it passes to services (`scope.prisma`).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const GRAPHQL_DIR = path.resolve('src/graphql');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('the GraphQL layer', () => {
  it('has files to check', () => {
    expect(sourceFiles(GRAPHQL_DIR).length).toBeGreaterThan(5);
  });

  it.each(sourceFiles(GRAPHQL_DIR).map((file) => [path.relative(process.cwd(), file)]))('%s never touches Prisma itself', (file) => {
    const uses = readFileSync(file, 'utf8').split('\n').filter((line) => /\bprisma\b/i.test(line) && !line.trim().startsWith('//'));
    expect(uses).toEqual([]);
  });
});
