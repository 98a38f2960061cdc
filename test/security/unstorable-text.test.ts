// U+0000 in any string a client sends: PostgreSQL cannot hold it, so a lookup, a filter or a
// write that meets it is the client's BAD_USER_INPUT (never an internal error), changes nothing,
// and leaves its audit record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodeOf, startTestApi, type TestApi } from '../support/api-harness.ts';
import { tableDigests } from '../support/iam-callers.ts';

let api: TestApi;
const NUL = 'a\u0000b';
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

describe('text with U+0000', () => {
  it('is BAD_USER_INPUT in a lookup by name, a name prefix, and the audit and decision filters', async () => {
    const reads: Array<[string, Record<string, unknown>]> = [
      ['query($n: String!) { user(userName: $n) { userName } }', { n: NUL }],
      ['query($n: String!) { users(namePrefix: $n) { totalCount } }', { n: NUL }],
      ['query($f: AuditEventFilter) { auditEvents(filter: $f) { totalCount } }', { f: { resource: NUL } }],
      ['query($f: AuditEventFilter) { auditEvents(filter: $f) { totalCount } }', { f: { principal: NUL } }],
      ['query($f: DecisionLogFilter) { decisionLog(filter: $f) { totalCount } }', { f: { principal: NUL } }],
    ];
    for (const [query, variables] of reads) expect(errorCodeOf(await api.gql(query, variables)), query).toBe('BAD_USER_INPUT');
  });

  it('is BAD_USER_INPUT in a write, which changes nothing and is recorded as such', async () => {
    const before = await tableDigests(api);
    expect(errorCodeOf(await api.gql('mutation($n: String!) { deleteUser(input: {userName: $n}) { __typename } }', { n: NUL }))).toBe('BAD_USER_INPUT');
    expect(await tableDigests(api)).toEqual(before);
    const [record] = await api.prisma.auditEvent.findMany({ where: { accountId: api.accountId, operation: 'deleteUser' } });
    expect(record?.outcome).toBe('BAD_USER_INPUT');
  });
});
