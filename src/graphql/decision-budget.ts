// One HTTP request decides at most MAX_DECISIONS_PER_REQUEST access requests, however they are
// spread over aliases, fragments and batch fields. Counted once the operation is known and
// before anything executes, so an operation over the budget evaluates and writes nothing.
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode, type ValueNode } from 'graphql';
import type { RequestContext } from '../context.ts';
import { ERROR_CODES, limitExceeded } from '../errors.ts';

export const MAX_DECISIONS_PER_REQUEST = 1000;

/** Root fields that decide requests: how many one occurrence decides. */
const DECIDING_FIELDS: Record<string, (args: ArgumentReader) => number> = {
  evaluateAccess: () => 1,
  simulateCustomPolicy: () => 1,
  evaluateAccessBatch: (args) => args.listLength('inputs'),
  myPermissions: (args) => args.listLength('actions'),
  accessFilter: () => 1,
};

interface ArgumentReader {
  listLength(name: string): number;
}

/**
 * The number of decisions an operation asks for. Root fields are gathered through fragments;
 * fields sharing a response key are merged by GraphQL and run once, so they count once. Fields
 * under @skip or @include count as if they ran.
 */
export function countDecisions(
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Readonly<Record<string, unknown>>,
): number {
  if (operation.operation !== 'query') return 0;
  const defaults = new Map(operation.variableDefinitions?.map((d) => [d.variable.name.value, d.defaultValue]) ?? []);
  const counted = new Map<string, number>();
  const seenFragments = new Set<string>();
  const pending: SelectionSetNode[] = [operation.selectionSet];
  for (let set = pending.pop(); set; set = pending.pop()) {
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) pending.push(selection.selectionSet);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !seenFragments.has(fragment.name.value)) {
          seenFragments.add(fragment.name.value);
          pending.push(fragment.selectionSet);
        }
      } else {
        const decide = DECIDING_FIELDS[selection.name.value];
        const key = selection.alias?.value ?? selection.name.value;
        if (!decide || counted.has(key)) continue;
        const argument = (name: string) => selection.arguments?.find((a) => a.name.value === name)?.value;
        counted.set(key, decide({ listLength: (name) => listLength(argument(name), variables, defaults) }));
      }
    }
  }
  let total = 0;
  for (const count of counted.values()) total += count;
  return total;
}

// A list argument's length as the list coercion will see it: a lone item is a list of one.
function listLength(node: ValueNode | undefined, variables: Readonly<Record<string, unknown>>, defaults: ReadonlyMap<string, ValueNode | undefined>): number {
  if (!node || node.kind === Kind.NULL) return 0;
  if (node.kind === Kind.LIST) return node.values.length;
  if (node.kind !== Kind.VARIABLE) return 1;
  const name = node.name.value;
  if (!Object.hasOwn(variables, name)) return listLength(defaults.get(name), variables, new Map());
  const value = variables[name];
  if (value == null) return 0;
  return Array.isArray(value) ? value.length : 1;
}

export const decisionBudget: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, document, request }) {
        if (!operation) return;
        const fragments = new Map<string, FragmentDefinitionNode>();
        for (const definition of document.definitions) {
          if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
        }
        const count = countDecisions(operation, fragments, request.variables ?? {});
        if (count <= MAX_DECISIONS_PER_REQUEST) return;
        const refusal = limitExceeded(`the operation asks for ${count} access decisions: at most ${MAX_DECISIONS_PER_REQUEST} per request`);
        throw new GraphQLError(refusal.message, { originalError: refusal, extensions: { code: refusal.code, http: { status: ERROR_CODES.LIMIT_EXCEEDED.status } } });
      },
    };
  },
};
