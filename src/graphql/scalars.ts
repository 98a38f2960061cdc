// The JSON and DateTime scalars: graphql-scalars' own, except how a JSON literal is read.
import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';

type Slot = { into: unknown[]; at: number } | { into: Record<string, unknown>; at: string };

// A literal becomes its value by a loop over an explicit stack, not recursion (graphql-scalars'
// parseLiteral recurses), so a deep literal cannot exhaust the stack here. Repeated fields never
// reach this: GraphQL validation refuses them (UniqueInputFieldNamesRule). How deep a JSON
// argument may be is the resolvers' check, made on the whole value, variables inside included.
// A variable inside the literal takes its value, as in graphql-scalars; during validation, when
// there are no variables yet, it reads as undefined.
function literalToValue(root: ValueNode, variables?: Readonly<Record<string, unknown>> | null): unknown {
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
      case Kind.VARIABLE:
        value = variables ? variables[node.name.value] : undefined;
        break;
      default:
        // An enum value (`{Effect: Allow}` without quotes) is not JSON.
        throw new TypeError('not a JSON value');
    }
    (slot.into as Record<string | number, unknown>)[slot.at] = value;
  }
  return holder[0];
}

// Apollo (graphql-tools) copies every own property of a resolver's scalar over the schema's,
// undefined ones too, so these two are removed: schema.graphql's description and @specifiedBy
// stay what clients see.
function withSchemaDocs(scalar: GraphQLScalarType): GraphQLScalarType {
  const props = scalar as { description?: unknown; specifiedByURL?: unknown };
  delete props.description;
  delete props.specifiedByURL;
  return scalar;
}

export const JSONScalar = withSchemaDocs(new GraphQLScalarType({ ...GraphQLJSON.toConfig(), parseLiteral: literalToValue }));

// serialize gives the Date itself, which JSON writes as ISO text (toISOString).
export const DateTimeScalar = withSchemaDocs(new GraphQLScalarType(GraphQLDateTime.toConfig()));
