// A typed query with graphql-request: the document carries its result and variables types.
import { GraphQLClient } from 'graphql-request';
import { EvaluateAccessDocument, UsersDocument } from '../generated/graphql.js';

/** The names of the users under `pathPrefix`, and whether alice may read the reports bucket. */
export async function usersAndAccess(url: string, account: string) {
  const client = new GraphQLClient(url);
  const { users } = await client.request(UsersDocument, { first: 50, pathPrefix: '/dev/' });
  const names: string[] = users.nodes.map((user) => user.userName);
  const { evaluateAccess } = await client.request(EvaluateAccessDocument, {
    input: { principal: `arn:aws:iam::${account}:user/dev/alice`, action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q1.csv' },
  });
  // `decision` is 'ALLOWED' | 'EXPLICIT_DENY' | 'IMPLICIT_DENY'; `effect` is 'ALLOW' | 'DENY'.
  const deciding = evaluateAccess.matchedStatements.map((s) => `${s.policyType} ${s.effect} ${s.policyId ?? ''}`);
  return { names, decision: evaluateAccess.decision, deciding };
}
