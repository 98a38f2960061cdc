// The root fields an operation selects, through inline fragments and fragment spreads: what the
// operation will do, known before anything executes.
import { Kind, type DocumentNode, type FieldNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

export function rootFieldNames(operation: OperationDefinitionNode, document: DocumentNode): Set<string> {
  return new Set([...rootFieldsByKey(operation, document).values()].map((field) => field.name.value));
}

/**
 * Each response key's root field, as written where it first appears. Fields sharing a response
 * key are merged by GraphQL (validation makes sure they can be) and run once.
 */
export function rootFieldsByKey(operation: OperationDefinitionNode, document: DocumentNode): Map<string, FieldNode> {
  const fragments = new Map<string, SelectionSetNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition.selectionSet);
  }
  const fields = new Map<string, FieldNode>();
  const seen = new Set<string>();
  const pending: SelectionSetNode[] = [operation.selectionSet];
  for (let set = pending.pop(); set; set = pending.pop()) {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        if (!fields.has(key)) fields.set(key, selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) pending.push(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) pending.push(fragment);
      }
    }
  }
  return fields;
}
