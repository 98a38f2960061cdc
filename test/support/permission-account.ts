// Generated accounts for the effective-permissions brute-force tests: generated-account.ts's
// accounts, with some identity statements turned into NotAction or NotResource statements and
// some given conditions on the resource's tags (plain, IfExists, Null, and a policy variable).
import fc from 'fast-check';
import { accountSpec, type AccountSpec, type Doc } from './generated-account.ts';

const TAG = 'aws:ResourceTag/team';
const TWISTS: Array<(s: Record<string, unknown>) => Record<string, unknown>> = [
  (s) => s,
  ({ Action, ...rest }) => ({ ...rest, NotAction: Action }),
  // a NotAction naming single actions reaches the others, on every service
  ({ Action, ...rest }) => ({ ...rest, NotAction: [...(Action as string[]).filter((a) => !a.endsWith('*')), 'iam:*'] }),
  ({ Resource, ...rest }) => ({ ...rest, NotResource: Resource }),
  ({ Resource, ...rest }) => ({ ...rest, NotResource: (Resource as string[]).filter((r) => r !== '*').concat('arn:aws:s3:::home/*') }),
  (s) => withCondition(s, 'StringEquals', 'blue'),
  (s) => withCondition(s, 'StringNotEqualsIfExists', 'red'),
  (s) => withCondition(s, 'StringEquals', '${aws:PrincipalTag/team}'),
  (s) => withCondition(s, 'Null', 'true'),
];

function withCondition(s: Record<string, unknown>, operator: string, value: string): Record<string, unknown> {
  const condition = { ...((s['Condition'] as Record<string, Record<string, unknown>> | undefined) ?? {}) };
  condition[operator] = { ...(condition[operator] ?? {}), [TAG]: value };
  return { ...s, Condition: condition };
}

function twistAll(spec: AccountSpec, picks: number[]): AccountSpec {
  let n = 0;
  const twist = (d: Doc): Doc => ({ ...d, Statement: d.Statement.map((s) => TWISTS[(picks[n++ % picks.length] ?? 0) % TWISTS.length]!(s)) });
  const entity = <E extends { inline: Doc[] }>(e: E): E => ({ ...e, inline: e.inline.map(twist) });
  return { ...spec, policies: spec.policies.map(twist), groups: spec.groups.map(entity), users: spec.users.map(entity), roles: spec.roles.map(entity) };
}

export const permissionAccountSpec: fc.Arbitrary<AccountSpec> = fc
  .tuple(accountSpec, fc.array(fc.nat({ max: TWISTS.length - 1 }), { minLength: 1, maxLength: 40 }))
  .map(([spec, picks]) => twistAll(spec, picks));
