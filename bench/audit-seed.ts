// A large audit trail for one account, written with SQL in batches: 500 principals (a few busy,
// most quiet), 40 event names, outcomes mostly SUCCESS, one or two resources from 20,000, spread
// over 90 days. Every record links to the one before and the chain's head is moved to the last
// one, so verifyAuditTrail walks (and accepts) the whole trail. Deterministic: a seeded PRNG.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { auditHash, type HashedFields } from '../src/services/audit/audit-hash.ts';

const PRINCIPALS = 500;
const RESOURCES = 20_000;
const DAYS = 90;
const BATCH = 10_000;

// 40 mutations (and signIn) an account's trail mostly holds: the default configuration records
// mutations, sign-ins and denials, not queries.
const OPERATIONS = [
  'signIn', 'createAccessKey', 'updateAccessKey', 'deleteAccessKey', 'createUser', 'updateUser', 'deleteUser', 'tagUser', 'untagUser',
  'createGroup', 'deleteGroup', 'addUserToGroup', 'removeUserFromGroup', 'createRole', 'deleteRole', 'updateRole', 'tagRole',
  'updateAssumeRolePolicy', 'createPolicy', 'deletePolicy', 'createPolicyVersion', 'deletePolicyVersion', 'setDefaultPolicyVersion',
  'attachUserPolicy', 'detachUserPolicy', 'attachGroupPolicy', 'detachGroupPolicy', 'attachRolePolicy', 'detachRolePolicy',
  'putUserPolicy', 'deleteUserPolicy', 'putGroupPolicy', 'putRolePolicy', 'putUserPermissionsBoundary', 'createLoginProfile',
  'updateLoginProfile', 'changePassword', 'enableMfaDevice', 'deactivateMfaDevice', 'updateAccountPasswordPolicy',
] as const;

/** What a filter of the bench can ask for: values that exist in the seeded trail. */
export interface SeededTrail {
  readonly count: number;
  readonly first: Date;
  readonly last: Date;
  readonly principal: (index: number) => string;
  readonly resource: (index: number) => string;
}

// mulberry32: small, fast, and the same trail on every run
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function outcomeOf(r: number, operation: string): string {
  if (r < 0.94) return 'SUCCESS';
  if (r < 0.97) return 'ACCESS_DENIED';
  if (operation === 'signIn') return 'SIGN_IN_FAILED';
  return r < 0.985 ? 'NO_SUCH_ENTITY' : r < 0.995 ? 'ENTITY_ALREADY_EXISTS' : 'BAD_USER_INPUT';
}

/** Appends `count` records to `accountId`'s chain, after what the chain already holds; returns what a filter can name. */
export async function seedAuditTrail(databaseUrl: string, accountId: string, count: number): Promise<SeededTrail> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const next = random(9);
  const principal = (index: number) => `arn:aws:iam::${accountId}:user/team-${index % 10}/person-${String(index).padStart(3, '0')}`;
  const resource = (index: number) => `arn:aws:iam::${accountId}:user/res-${String(index).padStart(5, '0')}`;
  // squared: principal 0 is the busiest, most are quiet; the same for resources and operations
  const skewed = (size: number) => Math.min(size - 1, Math.floor(size * next() ** 2));
  try {
    const [head] = (
      await db.query(
        'SELECT h."sequence", h."hash", e."time" FROM "AuditChainHead" h LEFT JOIN "AuditEvent" e ON e."accountId" = h."accountId" AND e."sequence" = h."sequence" WHERE h."accountId" = $1',
        [accountId],
      )
    ).rows;
    let sequence = BigInt(head?.sequence ?? 0);
    let previousHash: string = head?.hash ?? '0'.repeat(64);
    // Times never go back along a chain (src/services/audit/audit-chain.ts): after records already
    // there, the seeded ones start at the last one's time and run DAYS ahead.
    const first = head?.time ? new Date(new Date(head.time).getTime() + 1000) : new Date(Date.now() - DAYS * 86_400_000);
    const last = new Date(first.getTime() + DAYS * 86_400_000);
    const step = (last.getTime() - first.getTime()) / count;
    for (let done = 0; done < count; done += BATCH) {
      const rows: Array<HashedFields & { id: string; hash: string }> = [];
      for (let i = done; i < Math.min(count, done + BATCH); i++) {
        sequence += 1n;
        const operation = OPERATIONS[skewed(OPERATIONS.length)]!;
        const outcome = outcomeOf(next(), operation);
        const resources = operation === 'updateAccountPasswordPolicy' ? [] : [resource(skewed(RESOURCES))];
        if (operation.startsWith('attach')) resources.push(`arn:aws:iam::${accountId}:policy/p-${skewed(200)}`);
        const fields: HashedFields = {
          accountId,
          sequence,
          // a little jitter, as requests commit a little out of their start order
          time: new Date(Math.round(first.getTime() + i * step + next() * 500)),
          requestId: randomUUID(),
          principalArn: principal(skewed(PRINCIPALS)),
          credentialId: `ASIA${String(skewed(5_000)).padStart(16, '0')}`,
          sourceIp: `10.${skewed(4)}.${skewed(256)}.${Math.floor(next() * 256)}`,
          userAgent: 'aws-cli/2.15.0 Python/3.11.6 Linux/6.5',
          operation,
          eventName: operation.charAt(0).toUpperCase() + operation.slice(1),
          resources,
          outcome,
          errorMessage: outcome === 'SUCCESS' ? null : `${outcome.toLowerCase().replaceAll('_', ' ')}`,
          decision: outcome === 'ACCESS_DENIED' ? 'IMPLICIT_DENY' : 'ALLOWED',
          decidingStatement: null,
          changes: operation === 'signIn' ? null : { input: { name: resources[0] ?? null }, result: outcome === 'SUCCESS' ? { ok: true } : null },
          previousHash,
        };
        const hash = auditHash(fields);
        rows.push({ ...fields, id: randomUUID(), hash });
        previousHash = hash;
      }
      const json = JSON.stringify(rows, (_key, value) => (typeof value === 'bigint' ? value.toString() : value));
      await db.query('INSERT INTO "AuditEvent" SELECT * FROM json_populate_recordset(NULL::"AuditEvent", $1::json)', [json]);
    }
    await db.query(
      `INSERT INTO "AuditChainHead" ("accountId", "sequence", "hash") VALUES ($1, $2, $3)
       ON CONFLICT ("accountId") DO UPDATE SET "sequence" = EXCLUDED."sequence", "hash" = EXCLUDED."hash"`,
      [accountId, sequence.toString(), previousHash],
    );
    await db.query('ANALYZE "AuditEvent"');
    return { count, first, last, principal, resource };
  } finally {
    await db.end();
  }
}
