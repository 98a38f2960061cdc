// The JSON and DateTime scalars.
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { codeExtensions } from '../errors.ts';

type Slot = { into: unknown[]; at: number } | { into: Record<string, unknown>; at: string };

// A literal becomes its value by a loop over an explicit stack, not recursion, so a deep literal
// cannot exhaust the stack here. Repeated fields never reach this: GraphQL validation refuses
// them (UniqueInputFieldNamesRule). How deep a JSON argument may be is the resolvers' check.
function literalToValue(root: ValueNode): unknown {
  const holder: unknown[] = [undefined];
  const pending: Array<{ node: ValueNode; slot: Slot }> = [{ node: root, slot: { into: holder, at: 0 } }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const { node, slot } = item;
    let value: unknown;
    switch (node.kind) {
      case Kind.STRING:
      case Kind.BOOLEAN:
        value = node.value;
        break;
      case Kind.INT:
      case Kind.FLOAT:
        value = Number(node.value);
        break;
      case Kind.NULL:
        value = null;
        break;
      case Kind.LIST: {
        const list: unknown[] = new Array(node.values.length);
        node.values.forEach((child, at) => pending.push({ node: child, slot: { into: list, at } }));
        value = list;
        break;
      }
      case Kind.OBJECT: {
        const object: Record<string, unknown> = {};
        for (const field of node.fields) {
          // Defined up front so the keys keep the order written; `__proto__` stays an own key.
          Object.defineProperty(object, field.name.value, { value: undefined, writable: true, enumerable: true, configurable: true });
          pending.push({ node: field.value, slot: { into: object, at: field.name.value } });
        }
        value = object;
        break;
      }
      default:
        throw new GraphQLError('JSON literals cannot hold variables', { extensions: codeExtensions('BAD_USER_INPUT') });
    }
    (slot.into as Record<string | number, unknown>)[slot.at] = value;
  }
  return holder[0];
}

export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'A JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: literalToValue,
});

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An ISO 8601 timestamp in UTC.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: (value) => {
    const date = new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new GraphQLError('not an ISO 8601 timestamp', { extensions: codeExtensions('BAD_USER_INPUT') });
    return date;
  },
});
