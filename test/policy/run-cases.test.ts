// Runs every JSON case file in ./cases: each case is one `it`, named by file,
// case name and the AWS rule it checks. Adding a case is adding data.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  compilePolicy, contextFromRecord, evaluate, PolicyDocumentError,
  type CompiledPolicy, type EvaluationPolicyType, type PrincipalType,
} from '../../src/policy/index.ts';

type ContextValue = string | number | boolean | Array<string | number | boolean>;

interface PolicyCase {
  name: string;
  rule: string;
  policies?: { identity?: unknown[]; resource?: unknown; boundary?: unknown[]; scp?: unknown[]; session?: unknown[] };
  request: {
    principal: string;
    principalType?: PrincipalType;
    action: string;
    resource: string;
    resourceAccount?: string;
    sessionIssuer?: string;
    context?: Record<string, ContextValue>;
  };
  expect: 'ALLOWED' | 'EXPLICIT_DENY' | 'IMPLICIT_DENY';
  expectMissingContextKeys?: string[];
}

interface CaseFile { description: string; cases: PolicyCase[] }

const casesDir = join(fileURLToPath(new URL('.', import.meta.url)), 'cases');
const files = readdirSync(casesDir).filter((f) => f.endsWith('.json')).sort();

function compileAll(docs: unknown[] | undefined, label: string, type: EvaluationPolicyType): CompiledPolicy[] {
  return (docs ?? []).map((doc, i) => compileOne(doc, `${label}[${i}]`, type));
}

function compileOne(doc: unknown, id: string, type: EvaluationPolicyType): CompiledPolicy {
  try {
    return compilePolicy(doc, { id, type });
  } catch (error) {
    if (error instanceof PolicyDocumentError) {
      const lines = error.findings.map((f) => `  ${f.findingType} ${f.issueCode}: ${f.message}`).join('\n');
      throw new Error(`policy \`${id}\` does not compile:\n${lines}`);
    }
    throw error;
  }
}

function runCase(c: PolicyCase): void {
  const p = c.policies ?? {};
  const decision = evaluate({
    request: {
      principal: c.request.principal,
      principalType: c.request.principalType,
      action: c.request.action,
      resource: c.request.resource,
      resourceAccount: c.request.resourceAccount,
      sessionIssuer: c.request.sessionIssuer,
      context: contextFromRecord(c.request.context ?? {}),
    },
    identityPolicies: compileAll(p.identity, 'identity', 'IDENTITY'),
    resourcePolicy: p.resource === undefined ? undefined : compileOne(p.resource, 'resource', 'RESOURCE'),
    permissionsBoundaries: p.boundary === undefined ? undefined : compileAll(p.boundary, 'boundary', 'PERMISSIONS_BOUNDARY'),
    serviceControlPolicies: p.scp === undefined ? undefined : compileAll(p.scp, 'scp', 'SERVICE_CONTROL'),
    sessionPolicies: p.session === undefined ? undefined : compileAll(p.session, 'session', 'SESSION'),
    explain: true,
  });
  const why = JSON.stringify({ matched: decision.matchedStatements, types: decision.policyTypeResults, trace: decision.trace }, null, 1);
  expect(decision.decision, `${c.rule}\n${why}`).toBe(c.expect);
  if (c.expectMissingContextKeys) {
    const lower = (keys: string[]): string[] => keys.map((k) => k.toLowerCase()).sort();
    expect(lower(decision.missingContextKeys)).toEqual(lower(c.expectMissingContextKeys));
  }
}

for (const file of files) {
  const data = JSON.parse(readFileSync(join(casesDir, file), 'utf8')) as CaseFile;
  const name = basename(file, '.json');
  describe(`${name}: ${data.description}`, () => {
    for (const c of data.cases) {
      it(`${name}: ${c.name} — ${c.rule}`, () => runCase(c));
    }
  });
}
