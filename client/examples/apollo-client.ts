// A typed query with Apollo Client: the same generated documents, and its default cache. The
// session token goes in the Authorization header of every request (no cookies).
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { UsersDocument } from '../generated/graphql.js';

export function createClient(url: string, sessionToken: string): ApolloClient {
  return new ApolloClient({ link: new HttpLink({ uri: url, headers: { authorization: `Bearer ${sessionToken}` } }), cache: new InMemoryCache() });
}

/** Each user with the day it was made (DateTime arrives as RFC 3339 text). */
export async function usersWithCreateDay(client: ApolloClient) {
  const { data } = await client.query({ query: UsersDocument, variables: { first: 100 } });
  // a field the caller may not read is null (with ACCESS_DENIED in `errors`)
  return (data?.users?.nodes ?? []).map((user) => ({ id: user.id, userName: user.userName, day: user.createDate.slice(0, 10) }));
}
