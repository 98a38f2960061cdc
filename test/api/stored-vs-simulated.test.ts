// Ties the two evaluation paths together: evaluateAccess on a stored user or role gives the
// same answer as simulateCustomPolicy given that principal's documents, boundary and keys, for
// generated accounts. Roles are simulated as their role ARN or as the session ARN a stored role
// is evaluated as (`assumed-role/NAME/gatehouse`): both must agree with the stored answer.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeAccount } from '../support/stored-account.ts';
import { dataOf, startTestApi, type TestApi } from '../support/api-harness.ts';
import { accountSpec, arnsOf, OTHER_ACCOUNT, resolveAccount, type AccountSpec, type EntitySpec, type RequestSpec } from '../support/generated-account.ts';

// 25 accounts of up to 12 requests each: a few seconds here, bounded on a loaded machine too
const RUNS = 25;
const NOW = '2026-03-01T12:00:00.000Z';
const TIME_KEYS = [
  { key: 'aws:CurrentTime', values: [NOW], type: 'DATE' },
  { key: 'aws:EpochTime', values: [String(Date.parse(NOW) / 1000)], type: 'NUMERIC' },
];

interface Answer { decision: string; missingContextKeys: string[]; matchedStatements: Array<{ policyType: string; effect: string; sid: string | null }> }
type Entry = { key: string; values: string[]; type?: string };

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

/** What the principal of `r` is, as simulateCustomPolicy is told it: its ARN, documents, boundary and keys. */
function simulationOf(spec: AccountSpec, account: string, ids: { users: string[]; roles: string[] }, r: RequestSpec, callerKeys: Entry[]) {
  const arns = arnsOf(spec, account);
  const { kind, index } = r.principal;
  const entity: EntitySpec = kind === 'user' ? spec.users[index]! : spec.roles[index]!;
  const managed = (list: number[]) => list.map((p) => spec.policies[p]!);
  const groups = kind === 'user' ? spec.users[index]!.groups.map((g) => spec.groups[g]!) : [];
  const identityPolicies = [...entity.inline, ...managed(entity.attached), ...groups.flatMap((g) => [...g.inline, ...managed(g.attached)])];
  const keys: Entry[] = [
    { key: 'aws:userid', values: [kind === 'user' ? ids.users[index]! : `${ids.roles[index]}:gatehouse`] },
    { key: 'aws:PrincipalType', values: [kind === 'user' ? 'User' : 'AssumedRole'] },
    ...(entity.team ? [{ key: 'aws:PrincipalTag/team', values: [entity.team] }, { key: 'aws:PrincipalTagKeys', values: ['team'], type: 'STRING_LIST' }] : []),
  ];
  // a session ARN carries no role path: the role's ARN comes in as aws:PrincipalArn, as AWS gives it
  if (kind === 'role') keys.push({ key: 'aws:PrincipalArn', values: [arns.role(index)] });
  const principal = kind === 'user' ? arns.user(index) : r.asSession ? arns.session(index) : arns.role(index);
  return {
    identityPolicies,
    ...(entity.boundary === null ? {} : { permissionsBoundaries: [spec.policies[entity.boundary]!] }),
    ...(r.resourcePolicy ? { resourcePolicy: r.resourcePolicy } : {}),
    request: { principal, action: r.action, resource: r.resource, ...crossAccount(r), context: [...callerKeys, ...keys] },
  };
}

const crossAccount = (r: RequestSpec) => (r.crossAccount ? { resourceAccount: OTHER_ACCOUNT } : {});
const callerKeysOf = (r: RequestSpec): Entry[] => [...TIME_KEYS, ...(r.sourceIp ? [{ key: 'aws:SourceIp', values: [r.sourceIp], type: 'IP' }] : [])];

const ANSWER = 'decision missingContextKeys matchedStatements { policyType effect sid }';

function comparable(a: Answer) {
  return {
    decision: a.decision,
    missingContextKeys: [...a.missingContextKeys].sort(),
    matched: a.matchedStatements.map((s) => `${s.policyType}:${s.effect}:${s.sid}`).sort(),
  };
}

async function checkAccount(generated: AccountSpec): Promise<void> {
  const account = (await api.createAccount()).accountId;
  const spec = resolveAccount(generated, account);
  const created = await storeAccount(api, spec, account);
  const ids = { users: created.userIds, roles: created.roleIds };
  const arns = arnsOf(spec, account);
  const inputs = spec.requests.map((r) => ({
    principal: r.principal.kind === 'user' ? arns.user(r.principal.index) : arns.role(r.principal.index),
    action: r.action,
    resource: r.resource,
    ...crossAccount(r),
    ...(r.resourcePolicy ? { resourcePolicy: r.resourcePolicy } : {}),
    context: callerKeysOf(r),
  }));
  const results = dataOf(await api.gql(`query($inputs: [EvaluateAccessInput!]!) { evaluateAccessBatch(inputs: $inputs) { decision { ${ANSWER} } error { message } } }`, { inputs }, { accountId: account }))
    .evaluateAccessBatch as Array<{ decision: Answer | null; error: { message: string } | null }>;
  expect(results.map((result) => result.error)).toEqual(results.map(() => null));
  const stored = results.map((result) => result.decision!);
  const simulations = spec.requests.map((r) => simulationOf(spec, account, ids, r, callerKeysOf(r)));
  const declared = simulations.map((_, i) => `$s${i}: SimulateCustomPolicyInput!`).join(', ');
  const query = `query(${declared}) { ${simulations.map((_, i) => `s${i}: simulateCustomPolicy(input: $s${i}) { ${ANSWER} }`).join('\n')} }`;
  const simulated = dataOf(await api.gql(query, Object.fromEntries(simulations.map((s, i) => [`s${i}`, s]))));
  spec.requests.forEach((_, i) => {
    const why = `request ${i} of account ${JSON.stringify(spec)}\nsimulated as ${JSON.stringify(simulations[i])}`;
    expect(comparable(stored[i]!), why).toEqual(comparable(simulated[`s${i}`] as Answer));
  });
}

describe('evaluateAccess on stored principals against simulateCustomPolicy', () => {
  it('decides every request of generated accounts the same way', async () => {
    await fc.assert(fc.asyncProperty(accountSpec, checkAccount), { numRuns: RUNS });
  }, 180_000);
});
