// The executable schema: schema.graphql plus the resolvers.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const schemaPath = fileURLToPath(new URL('../../schema.graphql', import.meta.url));

export function readTypeDefs(): string {
  return readFileSync(schemaPath, 'utf8');
}
