// Writes the built-in managed policies (domain/builtin-policies.ts) into accounts: at every start
// into every account (bootstrap), and into a new account inside the transaction that creates it.
// Idempotent and set-based: per policy, one INSERT ... SELECT over the accounts that miss it, and
// one statement that gives a new default version to those whose default is not the current text.
import { BUILTIN_POLICIES, type BuiltinPolicy } from '../domain/builtin-policies.ts';
import { Prisma, type PrismaClient } from '../generated/prisma/client.ts';

type Db = Pick<PrismaClient, '$executeRaw'>;

/** As many as the policy-versions rule keeps (services/policy-versions.ts MAX_POLICY_VERSIONS). */
const KEPT_VERSIONS = 5;

/**
 * Ensures every built-in policy exists, with the current document as its default version, in
 * `accountId` (or in every account when omitted). Run it in a transaction: its statements see
 * one another's rows. Returns how many rows it inserted or updated.
 */
export async function ensureBuiltinPolicies(db: Db, partition: string, accountId?: string): Promise<number> {
  let changed = 0;
  for (const policy of BUILTIN_POLICIES) {
    changed += await insertMissing(db, policy, policy.document(partition), accountId ?? null);
    changed += await refreshDocument(db, policy, policy.document(partition), accountId ?? null);
  }
  return changed;
}

const accountFilter = (column: Prisma.Sql, accountId: string | null) => (accountId === null ? Prisma.sql`TRUE` : Prisma.sql`${column} = ${accountId}`);

// The id is derived from the account and the name (ANPA + 17 characters of AWS's id alphabet), so
// processes that start together compute the same row and the unique index keeps one.
function insertMissing(db: Db, policy: BuiltinPolicy, document: string, accountId: string | null): Promise<number> {
  const nameKey = policy.name.toLowerCase();
  return db.$executeRaw`
    WITH added AS (
      INSERT INTO "Policy" ("id", "accountId", "name", "nameKey", "path", "description", "defaultVersionNumber", "nextVersionNumber", "awsManaged")
      SELECT 'ANPA' || translate(upper(substr(md5(a."id" || ':' || ${policy.name}), 1, 17)), '0189', 'WXYZ'),
             a."id", ${policy.name}, ${nameKey}, ${policy.path}, ${policy.description}, 1, 2, TRUE
      FROM "Account" a
      WHERE ${accountFilter(Prisma.sql`a."id"`, accountId)}
        AND NOT EXISTS (SELECT 1 FROM "Policy" p WHERE p."accountId" = a."id" AND p."nameKey" = ${nameKey} AND p."awsManaged")
      ON CONFLICT DO NOTHING
      RETURNING "id"
    )
    INSERT INTO "PolicyVersion" ("id", "policyId", "versionNumber", "document")
    SELECT gen_random_uuid(), added."id", 1, ${document} FROM added`;
}

// A document changed in code: the next version number becomes the default, and versions beyond
// the kept five (the oldest) go, as a customer's would have to.
function refreshDocument(db: Db, policy: BuiltinPolicy, document: string, accountId: string | null): Promise<number> {
  return db.$executeRaw`
    WITH stale AS (
      SELECT p."id", p."nextVersionNumber" AS "next"
      FROM "Policy" p
      JOIN "PolicyVersion" v ON v."policyId" = p."id" AND v."versionNumber" = p."defaultVersionNumber"
      WHERE p."awsManaged" AND p."nameKey" = ${policy.name.toLowerCase()} AND ${accountFilter(Prisma.sql`p."accountId"`, accountId)}
        AND v."document" <> ${document}
      FOR UPDATE OF p
    ), added AS (
      INSERT INTO "PolicyVersion" ("id", "policyId", "versionNumber", "document")
      SELECT gen_random_uuid(), stale."id", stale."next", ${document} FROM stale
    ), pruned AS (
      DELETE FROM "PolicyVersion" v USING stale
      WHERE v."policyId" = stale."id" AND v."versionNumber" <= stale."next" - ${KEPT_VERSIONS}
    )
    UPDATE "Policy" p SET "defaultVersionNumber" = stale."next", "nextVersionNumber" = stale."next" + 1, "updatedAt" = now()
    FROM stale WHERE p."id" = stale."id"`;
}
