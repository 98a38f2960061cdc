// The engine's worst case: patterns built to make a backtracking matcher
// explode (several absorbing ARN parts, star-heavy actions and StringLike
// values) against 2,048-character inputs with hundreds of colons, next to the
// same policies deciding ordinary requests in the same run.
import {
  buildRequestContext, compilePolicy, createPolicySet, parsePrincipal,
  type CompiledPolicy, type ContextEntry, type EvaluationInput,
} from '../src/policy/index.ts';
import { measure } from './measure.ts';

export interface WorstCaseReport {
  normal: { decisionsPerSecond: number };
  /** half-length inputs first, then full length: linear matching halves the rate as the input doubles */
  worst: Array<{ decisionsPerSecond: number; inputLength: number; colons: number; ratioToNormal: number }>;
}

const V = '2012-10-17';
const ALICE = 'arn:aws:iam::111122223333:user/eng/alice';
const INPUT_LENGTH = 2048;
const HOSTILE_ARNS = ['arn:*:*:*:*:*a', 'arn:*:*:*:*:*:*b', 'arn:aws:*:*:*:*:*:*:*:*c', 'arn:*?*:*?*:*?*:*?*:*?*d'];

function policies(): CompiledPolicy[] {
  const hostile = compilePolicy({ Version: V, Statement: [
    { Sid: 'Arns', Effect: 'Allow', Action: ['s3:*', 'ec2:*'], Resource: HOSTILE_ARNS },
    { Sid: 'Variable', Effect: 'Allow', Action: 's3:*', Resource: 'arn:*:*:*:*:*:*${aws:username}' },
    { Sid: 'Guard', Effect: 'Deny', Action: 's3:*a*a*a*a*a*a*a*a*b', NotResource: ['arn:*:*:*:*:*:*:*:*:*q', 'arn:*?*:*?*:*?*:*?*:*?*?*?*q'] },
    { Sid: 'Agent', Effect: 'Allow', Action: 'ec2:*', Resource: '*', Condition: {
      StringLike: { 'aws:UserAgent': ['*a*a*a*a*a*a*a*b', '*a?a?a?a?a?a?a?b*'] },
      ArnLike: { 'aws:SourceArn': HOSTILE_ARNS },
    } },
  ] }, { id: 'hostile', type: 'IDENTITY' });
  const ordinary = compilePolicy({ Version: V, Statement: [
    { Sid: 'Read', Effect: 'Allow', Action: ['s3:Get*', 'ec2:Describe*'], Resource: 'arn:aws:*:*:*:reports/*' },
    { Sid: 'Home', Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::home/${aws:username}/*' },
  ] }, { id: 'ordinary', type: 'IDENTITY' });
  return [hostile, ordinary];
}

/** An ARN of `length` characters, about 30% of them colons, ending in `last`. */
function longArn(length: number, last: string): string {
  const body = `arn:aws:s3:${'x:'.repeat(Math.floor(length * 0.3) - 3)}`;
  return body + 'y'.repeat(length - body.length - last.length) + last;
}

function inputs(requests: ReadonlyArray<[string, string]>, context: ContextEntry[]): EvaluationInput[] {
  const identityPolicies = createPolicySet(policies());
  const requestContext = buildRequestContext(context, parsePrincipal(ALICE));
  return requests.map(([action, resource]) => ({
    request: { principal: ALICE, action, resource, context },
    requestContext,
    identityPolicies,
  }));
}

function normalInputs(): EvaluationInput[] {
  return inputs([
    ['s3:GetObject', 'arn:aws:s3:::reports/q1.csv'],
    ['s3:PutObject', 'arn:aws:s3:::home/alice/notes.txt'],
    ['ec2:DescribeInstances', 'arn:aws:ec2:us-east-1:111122223333:instance/i-1'],
    ['s3:DeleteObject', 'arn:aws:s3:::other/key'],
  ], [
    { key: 'aws:UserAgent', values: ['aws-cli/2.15 Python/3.11'] },
    { key: 'aws:SourceArn', values: ['arn:aws:sns:us-east-1:111122223333:topic'] },
  ]);
}

// Every pattern above reads the whole input before it can answer.
function worstInputs(length: number): EvaluationInput[] {
  const miss = longArn(length, 'z');
  return inputs([
    ['s3:GetObject', miss],
    ['s3:GetObject', longArn(length, 'a')],
    [`s3:${'a'.repeat(length - 4)}b`, miss],
    ['ec2:RunInstances', miss],
  ], [
    { key: 'aws:UserAgent', values: ['a'.repeat(length)] },
    { key: 'aws:SourceArn', values: [miss] },
  ]);
}

/** Measures ordinary and hostile inputs against the same policies; for bench/engine.ts. */
export function benchWorstCase(ms = 600): WorstCaseReport {
  const normal = measure(normalInputs(), ms);
  const worst = [INPUT_LENGTH / 2, INPUT_LENGTH].map((length) => {
    const rate = measure(worstInputs(length), ms);
    const colons = longArn(length, 'z').split(':').length - 1;
    return { decisionsPerSecond: rate, inputLength: length, colons, ratioToNormal: Math.round((rate / normal) * 1000) / 1000 };
  });
  return { normal: { decisionsPerSecond: normal }, worst };
}

export function formatWorstCase(report: WorstCaseReport): string {
  const rate = (n: number): string => n.toLocaleString('en-US');
  return [
    'worst case, hostile patterns (absorbing ARN parts, star-heavy actions and StringLike):',
    `  ordinary requests:             ${rate(report.normal.decisionsPerSecond).padStart(11)} decisions/s`,
    ...report.worst.map((w) => `  ${`${w.inputLength}-char inputs, ${w.colons} colons:`.padEnd(30)} ${rate(w.decisionsPerSecond).padStart(11)} decisions/s  (${(w.ratioToNormal * 100).toFixed(1)}% of ordinary)`),
  ].join('\n');
}
