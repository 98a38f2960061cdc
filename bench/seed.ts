// The realistic principal for the HTTP benchmark: a user in 3 groups, 10 managed policies of 5
// statements with wildcards and conditions, a permissions boundary.
const SERVICES = ['s3', 'ec2', 'dynamodb', 'sqs', 'sns', 'lambda', 'logs', 'kms', 'cloudwatch', 'ssm'];

function policyDocument(service: string, index: number) {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Read', Effect: 'Allow', Action: [`${service}:Get*`, `${service}:List*`, `${service}:Describe*`], Resource: '*' },
      {
        Sid: 'Write',
        Effect: 'Allow',
        Action: [`${service}:Put*`, `${service}:Create*`],
        Resource: `arn:aws:${service}:*:*:team-${index}/*`,
        Condition: { StringEquals: { 'aws:PrincipalTag/team': ['red', 'blue'] } },
      },
      { Sid: 'Home', Effect: 'Allow', Action: `${service}:*`, Resource: `arn:aws:${service}:::home/\${aws:username}/*` },
      { Sid: 'Office', Effect: 'Allow', Action: `${service}:Update*`, Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] } } },
      { Sid: 'NoDelete', Effect: 'Deny', Action: `${service}:Delete*`, Resource: '*', Condition: { DateGreaterThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } } },
    ],
  };
}

/** Creates the principal through the API, with `credential`'s headers; returns its ARN. */
/** The evaluateAccess request every HTTP cell sends about the seeded principal: one its policies allow. */
export function realisticEvaluation(principal: string): { body: string; check: (json: any) => boolean } {
  return {
    body: JSON.stringify({
      query: 'query($i: EvaluateAccessInput!) { evaluateAccess(input: $i) { decision } }',
      variables: { i: { principal, action: 's3:PutObject', resource: 'arn:aws:s3:::home/alice/notes.txt', context: [{ key: 'aws:SourceIp', values: ['10.1.2.3'] }] } },
    }),
    check: (json: any) => json.data?.evaluateAccess?.decision === 'ALLOWED',
  };
}

export async function seedRealisticPrincipal(url: string, credential: Record<string, string>): Promise<string> {
  const gql = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...credential }, body: JSON.stringify({ query, variables }) });
    const json = (await response.json()) as { data?: any; errors?: unknown[] };
    if (json.errors) throw new Error(`seeding failed: ${JSON.stringify(json.errors)}`);
    return json.data;
  };
  const accountId = (await gql('{ account { accountId } }')).account.accountId as string;
  const policyArn = (name: string) => `arn:aws:iam::${accountId}:policy/${name}`;
  await gql('mutation { createUser(input: {userName: "alice", tags: [{key: "team", value: "red"}]}) { user { arn } } }');
  for (let i = 0; i < SERVICES.length; i++) {
    await gql('mutation($n: String!, $d: JSON!) { createPolicy(input: {policyName: $n, policyDocument: $d}) { policy { arn } } }', { n: `P${i}`, d: policyDocument(SERVICES[i]!, i) });
  }
  for (let g = 0; g < 3; g++) {
    await gql(`mutation { createGroup(input: {groupName: "G${g}"}) { group { arn } } addUserToGroup(input: {groupName: "G${g}", userName: "alice"}) { user { userName } } }`);
    for (let p = g * 3; p < g * 3 + 3; p++) {
      await gql('mutation($g: String!, $a: String!) { attachGroupPolicy(input: {groupName: $g, policyArn: $a}) { group { groupName } } }', { g: `G${g}`, a: policyArn(`P${p}`) });
    }
  }
  await gql('mutation($a: String!) { attachUserPolicy(input: {userName: "alice", policyArn: $a}) { user { userName } } }', { a: policyArn('P9') });
  await gql('mutation($d: JSON!) { createPolicy(input: {policyName: "Boundary", policyDocument: $d}) { policy { arn } } }', {
    d: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: SERVICES.map((s) => `${s}:*`), Resource: '*' }, { Effect: 'Deny', Action: 'iam:*', Resource: '*' }] },
  });
  await gql('mutation($a: String!) { putUserPermissionsBoundary(input: {userName: "alice", permissionsBoundary: $a}) { user { userName } } }', { a: policyArn('Boundary') });
  return `arn:aws:iam::${accountId}:user/alice`;
}
