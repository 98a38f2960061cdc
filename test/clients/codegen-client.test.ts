// The client codegen configuration (client/codegen.ts) on sample operations: what it writes
// compiles under `tsc --strict`, the scalars and enums have real types, and a wrong use of a
// result or a variable does not compile.
import { generate } from '@graphql-codegen/cli';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientCodegenConfig } from '../../client/codegen.ts';

const run = promisify(execFile);
// Under node_modules so the generated code finds @graphql-typed-document-node/core and graphql-request.
let dir: string;
beforeAll(async () => {
  await mkdir('node_modules/.cache', { recursive: true });
  dir = await mkdtemp(path.resolve('node_modules/.cache/gatehouse-client-'));
  await mkdir(path.join(dir, 'operations'));
  await writeFile(path.join(dir, 'operations', 'sample.graphql'), `
    query Sample($arn: String!, $type: PolicyType!, $doc: JSON!) {
      policy(policyArn: $arn) { id createDate defaultVersion { document } }
      validatePolicy(policyDocument: $doc, policyType: $type) { findings { findingType } }
    }
    query Decide($input: SimulateCustomPolicyInput!) {
      simulateCustomPolicy(input: $input) { decision matchedStatements { policyType effect } }
    }
  `);
  await generate(clientCodegenConfig(path.join(dir, 'operations', '*.graphql'), path.join(dir, 'generated')), true);
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Type-checks `program` (placed next to the generated folder) with `tsc --strict`; returns the errors. */
async function compile(program: string): Promise<string> {
  const file = path.join(dir, `program-${Math.random().toString(36).slice(2)}.ts`);
  await writeFile(file, program);
  const args = ['--strict', '--noEmit', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--lib', 'es2023,dom', '--types', 'node', file];
  try {
    await run(process.execPath, ['node_modules/typescript/bin/tsc', ...args]);
    return '';
  } catch (error) {
    return String((error as { stdout?: string }).stdout);
  } finally {
    await rm(file, { force: true });
  }
}

const PRELUDE = `
  import type { ResultOf, VariablesOf } from '@graphql-typed-document-node/core';
  import { DecideDocument, SampleDocument, type JsonValue } from './generated/graphql.js';
  declare const sample: ResultOf<typeof SampleDocument>;
  declare const decided: ResultOf<typeof DecideDocument>;
`;

describe('codegen for clients', () => {
  it('writes typed documents that compile under tsc --strict, with real scalar and enum types', async () => {
    const generated = await readFile(path.join(dir, 'generated', 'graphql.ts'), 'utf8');
    expect(generated).not.toMatch(/: any\b|: unknown;/);
    const errors = await compile(`${PRELUDE}
      const created: string | undefined = sample.policy?.createDate;
      const document: JsonValue | undefined = sample.policy?.defaultVersion.document;
      const grades: Array<'ERROR' | 'SECURITY_WARNING' | 'WARNING' | 'SUGGESTION'> = (sample.validatePolicy?.findings ?? []).map((f) => f.findingType);
      const kinds: Array<'IDENTITY_POLICY' | 'RESOURCE_POLICY' | 'PERMISSIONS_BOUNDARY_POLICY' | 'SERVICE_CONTROL_POLICY' | 'SESSION_POLICY'> = (decided.simulateCustomPolicy?.matchedStatements ?? []).map((s) => s.policyType);
      const effects: Array<'ALLOW' | 'DENY'> = (decided.simulateCustomPolicy?.matchedStatements ?? []).map((s) => s.effect);
      const variables: VariablesOf<typeof SampleDocument> = { arn: 'arn:aws:iam::111122223333:policy/P', type: 'IDENTITY_POLICY', doc: { Version: '2012-10-17', Statement: [] } };
      export { created, document, grades, kinds, effects, variables };
    `);
    expect(errors).toBe('');
  }, 240_000);

  it('refuses a wrong use: a DateTime taken as a Date, an unknown enum value, a non-JSON variable', async () => {
    const errors = await compile(`${PRELUDE}
      const created: Date | undefined = sample.policy?.createDate;
      const variables: VariablesOf<typeof SampleDocument> = { arn: 'a', type: 'IDENTITY', doc: { when: new Date() } };
      const effect: 'Allow' = decided.simulateCustomPolicy.matchedStatements[0]!.effect;
      export { created, variables, effect };
    `);
    expect(errors).toContain(`Type 'string' is not assignable to type 'Date'`);
    expect(errors).toContain(`Type '"IDENTITY"' is not assignable to type 'PolicyType'`);
    expect(errors).toContain(`Type '{ when: Date; }' is not assignable to type 'JsonValue'`);
    expect(errors).toContain(`Type '"ALLOW"' is not assignable to type '"Allow"'`);
  }, 240_000);
});
