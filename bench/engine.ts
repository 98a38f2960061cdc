// Policy engine throughput: a realistic attached-policy set, then how the rate
// holds up as statement count grows (the createPolicySet index keeps cost
// proportional to candidate statements), and the worst case hostile patterns
// and inputs can force (bench/worst-case.ts). Run: npx tsx bench/engine.ts
import { pathToFileURL } from 'node:url';
import {
  buildRequestContext, compilePolicy, createPolicySet, parsePrincipal,
  type AccessRequest, type CompiledPolicy, type EvaluationInput,
} from '../src/policy/index.ts';
import { measure } from './measure.ts';
import { benchWorstCase, formatWorstCase, type WorstCaseReport } from './worst-case.ts';

export interface EngineBenchReport {
  realistic: { policies: number; statements: number; decisionsPerSecond: number };
  scaling: Array<{ statements: number; decisionsPerSecond: number; ratioTo10: number }>;
  /** The 1000-statement case without the createPolicySet index: what the index buys. */
  linearScan1000: { decisionsPerSecond: number; ratioTo10: number };
  /** hostile patterns against 2,048-character inputs, next to the same policies on ordinary requests */
  worstCase: WorstCaseReport;
}

const V = '2012-10-17';
const ALICE = 'arn:aws:iam::111122223333:user/eng/alice';
const SERVICES = ['s3', 'ec2', 'dynamodb', 'sqs', 'sns', 'lambda', 'logs', 'kms', 'iam', 'cloudwatch'];

function realisticPolicies(): CompiledPolicy[] {
  return Array.from({ length: 10 }, (_, p) => {
    const svc = SERVICES[p % SERVICES.length] ?? 's3';
    return compilePolicy({
      Version: V,
      Statement: [
        { Sid: 'Read', Effect: 'Allow', Action: [`${svc}:Get*`, `${svc}:List*`, `${svc}:Describe*`], Resource: '*' },
        { Sid: 'Write', Effect: 'Allow', Action: [`${svc}:Put*`, `${svc}:Create*`], Resource: `arn:aws:${svc}:*:111122223333:team-${p}/*`,
          Condition: { StringEquals: { 'aws:PrincipalTag/team': ['red', 'blue'] }, Bool: { 'aws:SecureTransport': 'true' } } },
        { Sid: 'Home', Effect: 'Allow', Action: `${svc}:*`, Resource: `arn:aws:${svc}:::home/\${aws:username}/*` },
        { Sid: 'Office', Effect: 'Allow', Action: `${svc}:Update*`, Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] } } },
        { Sid: 'NoDelete', Effect: 'Deny', Action: `${svc}:Delete*`, Resource: '*', Condition: { DateGreaterThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } } },
      ],
    }, { id: `policy-${p}`, type: 'IDENTITY' });
  });
}

function realisticInputs(): { inputs: EvaluationInput[]; policies: number; statements: number } {
  const identity = realisticPolicies();
  const set = createPolicySet(identity);
  const resourcePolicy = compilePolicy({ Version: V, Statement: [
    { Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/*' },
    { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::shared/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
  ] }, { id: 'bucket', type: 'RESOURCE' });
  const boundary = compilePolicy({ Version: V, Statement: [
    { Effect: 'Allow', Action: SERVICES.map((s) => `${s}:*`), Resource: '*' },
    { Effect: 'Deny', Action: 'iam:*', Resource: '*' },
  ] }, { id: 'boundary', type: 'PERMISSIONS_BOUNDARY' });
  const context = [
    { key: 'aws:PrincipalTag/team', values: ['red'] },
    { key: 'aws:SecureTransport', values: ['true'] },
    { key: 'aws:SourceIp', values: ['10.1.2.3'] },
    { key: 'aws:CurrentTime', values: ['2026-11-22T08:00:00Z'] },
  ];
  const requestContext = buildRequestContext(context, parsePrincipal(ALICE));
  const requests: Array<[string, string]> = [
    ['s3:GetObject', 'arn:aws:s3:::shared/report.csv'],
    ['s3:PutObject', 'arn:aws:s3:::home/alice/notes.txt'],
    ['ec2:DescribeInstances', '*'],
    ['dynamodb:PutItem', 'arn:aws:dynamodb:us-east-1:111122223333:team-2/orders'],
    ['sqs:DeleteMessage', 'arn:aws:sqs:us-east-1:111122223333:queue'],
    ['iam:CreateUser', 'arn:aws:iam::111122223333:user/bob'],
    ['lambda:UpdateFunctionCode', 'arn:aws:lambda:us-east-1:111122223333:function:f'],
    ['kms:Decrypt', 'arn:aws:kms:us-east-1:111122223333:key/k'],
  ];
  const inputs = requests.map(([action, resource]): EvaluationInput => ({
    request: { principal: ALICE, action, resource, context } satisfies AccessRequest,
    requestContext,
    identityPolicies: set,
    resourcePolicy: resource.startsWith('arn:aws:s3:::shared') ? resourcePolicy : undefined,
    permissionsBoundaries: [boundary],
  }));
  return { inputs, policies: identity.length + 2, statements: 54 };
}

// `count` statements over many services, five per policy, some with wildcards.
function scaledInputs(count: number, indexed = true): EvaluationInput[] {
  const serviceCount = Math.max(1, Math.min(200, Math.floor(count / 5)));
  const policies: CompiledPolicy[] = [];
  for (let p = 0; p * 5 < count; p++) {
    const Statement = Array.from({ length: Math.min(5, count - p * 5) }, (_, s) => {
      const i = p * 5 + s;
      const svc = `svc${i % serviceCount}`;
      const op = Math.floor(i / serviceCount) % 50;
      const action = s === 4 ? `${svc}:Get${op}*` : `${svc}:Op${op}`;
      return { Effect: s === 3 ? 'Deny' : 'Allow', Action: action, Resource: `arn:aws:${svc}:*:111122223333:thing/${op}/*`,
        ...(s === 2 ? { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red' } } } : {}) };
    });
    policies.push(compilePolicy({ Version: V, Statement }, { id: `p${p}`, type: 'IDENTITY' }));
  }
  const set = indexed ? createPolicySet(policies) : policies;
  const context = [{ key: 'aws:PrincipalTag/team', values: ['red'] }];
  const requestContext = buildRequestContext(context, parsePrincipal(ALICE));
  return Array.from({ length: 16 }, (_, r) => {
    const svc = `svc${(r * 7) % serviceCount}`;
    const action = r % 2 ? `${svc}:Op${r % 3}` : `${svc}:Get${r % 3}Thing`;
    return {
      request: { principal: ALICE, action, resource: `arn:aws:${svc}:us-east-1:111122223333:thing/${r % 3}/x`, context },
      requestContext,
      identityPolicies: set,
    };
  });
}

/** Measures the engine; for bench/run.ts. */
export async function benchEngine(ms = 600): Promise<EngineBenchReport> {
  const realistic = realisticInputs();
  const realisticRate = measure(realistic.inputs, ms);
  const scaling: EngineBenchReport['scaling'] = [];
  let base = 0;
  for (const statements of [10, 100, 1000, 10000]) {
    const rate = measure(scaledInputs(statements), ms);
    if (statements === 10) base = rate;
    scaling.push({ statements, decisionsPerSecond: rate, ratioTo10: Math.round((rate / base) * 100) / 100 });
  }
  const linear = measure(scaledInputs(1000, false), ms);
  return {
    realistic: { policies: realistic.policies, statements: realistic.statements, decisionsPerSecond: realisticRate },
    scaling,
    linearScan1000: { decisionsPerSecond: linear, ratioTo10: Math.round((linear / base) * 1000) / 1000 },
    worstCase: benchWorstCase(ms),
  };
}

export function formatEngineReport(report: EngineBenchReport): string {
  const lines = [
    `realistic set (${report.realistic.policies} policies, ${report.realistic.statements} statements): ${report.realistic.decisionsPerSecond.toLocaleString('en-US')} decisions/s`,
    ...report.scaling.map((s) => `${String(s.statements).padStart(6)} statements: ${s.decisionsPerSecond.toLocaleString('en-US').padStart(11)} decisions/s  (${(s.ratioTo10 * 100).toFixed(0)}% of 10)`),
    `  1000 statements, linear scan (no index): ${report.linearScan1000.decisionsPerSecond.toLocaleString('en-US')} decisions/s  (${(report.linearScan1000.ratioTo10 * 100).toFixed(1)}% of 10)`,
    formatWorstCase(report.worstCase),
  ];
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(formatEngineReport(await benchEngine()));
}
