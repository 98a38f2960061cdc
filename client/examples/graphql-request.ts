// A typed query with graphql-request: the document carries its result and variables types.
import { GraphQLClient } from 'graphql-request';
import { EvaluateAccessDocument, SignInDocument, UsersDocument } from '../generated/graphql.js';

/** A client whose requests carry the session of a root user signed in with its email and password. */
export async function signedInClient(url: string, email: string, password: string): Promise<GraphQLClient> {
  const { signIn } = await new GraphQLClient(url).request(SignInDocument, { input: { email, password } });
  return new GraphQLClient(url, { headers: { authorization: `Bearer ${signIn.sessionToken}` } });
}

/** The names of the users under `pathPrefix`, and whether alice may read the reports bucket. */
export async function usersAndAccess(client: GraphQLClient, account: string) {
  const { users } = await client.request(UsersDocument, { first: 50, pathPrefix: '/dev/' });
  // graphql-request throws on any error, so a field that is null because it was denied never gets here
  const names: string[] = users!.nodes.map((user) => user.userName);
  const { evaluateAccess } = await client.request(EvaluateAccessDocument, {
    input: { principal: `arn:aws:iam::${account}:user/dev/alice`, action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q1.csv' },
  });
  // `decision` is 'ALLOWED' | 'EXPLICIT_DENY' | 'IMPLICIT_DENY'; `effect` is 'ALLOW' | 'DENY'.
  const deciding = evaluateAccess!.matchedStatements.map((s) => `${s.policyType} ${s.effect} ${s.policyId ?? ''}`);
  return { names, decision: evaluateAccess!.decision, deciding };
}
