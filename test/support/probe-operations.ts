// An operation for every root field of schema.graphql, with arguments that fit their types (not
// necessarily names that exist): enough to reach the field's authorization, which runs first.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isLeafType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';

export const SCHEMA: GraphQLSchema = buildSchema(readFileSync(join(import.meta.dirname, '..', '..', 'schema.graphql'), 'utf8'));

export interface Probe {
  root: 'Query' | 'Mutation';
  field: string;
  query: string;
  variables: Record<string, unknown>;
  /** The arguments as the resolver sees them (defaults applied where the catalog reads them). */
  args: Record<string, unknown>;
}

const SCALARS: Record<string, unknown> = { String: 'probe', ID: 'probe', Int: 1, Float: 1, Boolean: false, JSON: {}, DateTime: '2026-01-01T00:00:00Z' };

function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [sample(type.ofType)];
  if (isScalarType(type)) return SCALARS[type.name] ?? 'probe';
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type)) value[field.name] = sample(field.type);
      else if (field.defaultValue !== undefined) value[field.name] = field.defaultValue;
    }
    return value;
  }
  return null;
}

function probe(root: 'Query' | 'Mutation', field: GraphQLField<unknown, unknown>): Probe {
  const required = field.args.filter((arg) => isNonNullType(arg.type));
  const variables = Object.fromEntries(required.map((arg) => [arg.name, sample(arg.type)]));
  const args = { ...Object.fromEntries(field.args.filter((arg) => arg.defaultValue !== undefined).map((arg) => [arg.name, arg.defaultValue])), ...variables };
  const declared = required.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
  const passed = required.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  const keyword = root === 'Query' ? 'query' : 'mutation';
  const query = `${keyword}${declared ? `(${declared})` : ''} { ${field.name}${passed ? `(${passed})` : ''}${selection} }`;
  return { root, field: field.name, query, variables, args };
}

/** One probe per root field, queries first, in schema order. */
export function probes(): Probe[] {
  const fields = (root: 'Query' | 'Mutation') => Object.values((root === 'Query' ? SCHEMA.getQueryType() : SCHEMA.getMutationType())!.getFields());
  return (['Query', 'Mutation'] as const).flatMap((root) => fields(root).map((field) => probe(root, field)));
}
