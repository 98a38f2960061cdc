// src/policy must stay pure: no IO, no database or GraphQL, no ambient clock
// or randomness. A grep is crude but catches the usual ways in.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../src/policy', import.meta.url));
const FORBIDDEN: Array<[RegExp, string]> = [
  [/from\s+['"](node:|fs|net|http|https|child_process|pg|@prisma|graphql|@apollo)/, 'imports IO, database or GraphQL'],
  [/Date\.now\(|new Date\(\s*\)/, 'reads the clock'],
  [/Math\.random\(/, 'uses randomness'],
  [/process\./, 'reads the process environment'],
  [/from\s+['"]\.\.?\/[^'"]*(?<!\.ts)['"]/, 'imports a relative file without `.ts`'],
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('src/policy purity', () => {
  for (const file of sourceFiles(root)) {
    it(`${relative(root, file)} is pure`, () => {
      const text = readFileSync(file, 'utf8');
      for (const [pattern, why] of FORBIDDEN) expect(pattern.test(text), `${relative(root, file)} ${why}`).toBe(false);
    });
  }
});
