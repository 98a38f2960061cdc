// A typed query with Apollo Client: the same generated documents, and its default cache.
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { UsersDocument } from '../generated/graphql.js';

/** Each user with the day it was made (DateTime arrives as RFC 3339 text). */
export async function usersWithCreateDay(url: string) {
  const client = new ApolloClient({ link: new HttpLink({ uri: url }), cache: new InMemoryCache() });
  const { data } = await client.query({ query: UsersDocument, variables: { first: 100 } });
  return (data?.users.nodes ?? []).map((user) => ({ id: user.id, userName: user.userName, day: user.createDate.slice(0, 10) }));
}
