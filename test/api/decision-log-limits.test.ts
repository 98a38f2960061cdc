// The decision log's limits: rows older than the retention are deleted (and only those), and a
// full buffer drops decisions, counts them in a log line, and never fails a request.
import { describe, expect, it } from 'vitest';
import { dataOf, startTestApi, TEST_ROOT_EMAIL, TEST_ROOT_PASSWORD, type SendAs, type TestApi } from '../support/api-harness.ts';

const LOG_ON = { enabled: true, retentionDays: 30, flushAfterMs: 600_000 };
const LOG = '{ decisionLog(first: 100) { nodes { action } } }';
const EVALUATE = 'query($input: EvaluateAccessInput!) { evaluateAccess(input: $input) { decision } }';
const BATCH = 'query($inputs: [EvaluateAccessInput!]!) { evaluateAccessBatch(inputs: $inputs) { decision { decision } } }';
const userArn = (accountId: string, name: string) => `arn:aws:iam::${accountId}:user/${name}`;
const evaluate = async (principal: string, action: string, as: SendAs | undefined, target: TestApi) =>
  dataOf(await target.gql(EVALUATE, { input: { principal, action, resource: '*' } }, as)).evaluateAccess.decision as string;
const logged = async (target: TestApi) => dataOf(await target.gql(LOG)).decisionLog.nodes as Array<{ action: string }>;

describe('retention', () => {
  it('deletes the rows older than GATEHOUSE_DECISION_LOG_RETENTION_DAYS, and only those', async () => {
    let now = new Date('2026-07-01T00:00:00.000Z');
    const aged = await startTestApi({ clock: () => now, server: { decisionLog: { ...LOG_ON, retentionDays: 30 } } });
    try {
      dataOf(await aged.gql('mutation { createUser(input: {userName: "ret"}) { user { userName } } }'));
      const ret = userArn(aged.accountId, 'ret');
      await evaluate(ret, 'iam:GetUser', {}, aged);
      now = new Date('2026-07-20T00:00:00.000Z');
      // the root's first session has expired by now: a new one
      const token = await aged.signIn({ email: TEST_ROOT_EMAIL, password: TEST_ROOT_PASSWORD });
      await evaluate(ret, 'iam:GetRole', { token }, aged);
      await aged.decisions.flushDecisions();
      now = new Date('2026-07-31T00:00:00.001Z'); // 30 days and a millisecond after the first
      expect(await aged.decisions.expireDecisions()).toBe(1);
      const rows = await aged.prisma.decisionLogEntry.findMany({ select: { action: true } });
      expect(rows).toEqual([{ action: 'iam:GetRole' }]);
      expect(await aged.decisions.expireDecisions()).toBe(0);
    } finally {
      await aged.stop();
    }
  });
});

describe('a full buffer', () => {
  it('drops what does not fit, counts it in a log line, and never fails the request', async () => {
    const lines: string[] = [];
    const small = await startTestApi({ logSink: (line) => lines.push(line), server: { decisionLog: { ...LOG_ON, maxBuffered: 3 } } });
    try {
      dataOf(await small.gql('mutation { createUser(input: {userName: "dave"}) { user { userName } } }'));
      const dave = userArn(small.accountId, 'dave');
      const inputs = ['GetUser', 'GetRole', 'GetGroup', 'GetPolicy', 'ListUsers'].map((name) => ({ principal: dave, action: `iam:${name}`, resource: '*' }));
      const answers = dataOf(await small.gql(BATCH, { inputs })).evaluateAccessBatch;
      expect(answers.filter((answer: any) => answer.decision)).toHaveLength(5);
      const kept = await logged(small);
      expect(kept.map((entry) => entry.action)).toEqual(['iam:GetGroup', 'iam:GetRole', 'iam:GetUser']);
      const warning = lines.map((line) => JSON.parse(line)).find((line) => /decision log buffer full/.test(line.msg));
      expect(warning).toMatchObject({ dropped: 2, maxBuffered: 3 });
      // with room again, decisions are kept
      dataOf(await small.gql(BATCH, { inputs: inputs.slice(0, 1) }));
      expect(await logged(small)).toHaveLength(4);
    } finally {
      await small.stop();
    }
  });
});
