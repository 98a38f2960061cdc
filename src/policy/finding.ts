// Building findings: one place decides the `statement N: ` prefix and how the
// statement index is read from the path.
import type { Finding, FindingType } from './types.ts';

export type Path = Array<string | number>;

/** Collects findings; validation code never throws, it reports here. */
export class FindingList {
  readonly items: Finding[] = [];

  /** `message` starts at the element, e.g. "`Effect`: must be `Allow` or `Deny`". */
  add(findingType: FindingType, issueCode: string, path: Path, message: string, statementIndex?: number): void {
    const prefixed = statementIndex === undefined ? message : `statement ${statementIndex}: ${message}`;
    const item: Finding = { findingType, issueCode, message: prefixed, path: [...path] };
    if (statementIndex !== undefined) item.statementIndex = statementIndex;
    this.items.push(item);
  }

  get hasErrors(): boolean {
    return this.items.some((f) => f.findingType === 'ERROR');
  }
}

/** Renders user input for a message: strings as-is, anything else as JSON. */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return `\`${text.length > 120 ? `${text.slice(0, 117)}...` : text}\``;
}

/** A statement-scoped reporter so element checks need not repeat the index and base path. */
export interface StatementScope {
  readonly index: number;
  readonly path: Path;
  readonly findings: FindingList;
  readonly variablesEnabled: boolean;
}

export function report(scope: StatementScope, type: FindingType, code: string, subPath: Path, message: string): void {
  scope.findings.add(type, code, [...scope.path, ...subPath], message, scope.index);
}
