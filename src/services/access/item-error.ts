// What evaluateAccessBatch answers for a request it could not decide: the error a single
// evaluateAccess would have raised for it, as data, so that the other requests are still decided.
import type { ErrorCode, GatehouseError } from '../../errors.ts';
import type { Decision } from '../../policy/index.ts';
import type { PolicySource } from './policy-source.ts';
import type { ValidationFindingModel } from '../validation-findings.ts';

/** The codes one request of a batch can fail with; any other failure fails the whole batch. */
export const ITEM_ERROR_CODES = ['BAD_USER_INPUT', 'NO_SUCH_ENTITY', 'MALFORMED_POLICY_DOCUMENT'] as const satisfies readonly ErrorCode[];
export type ItemErrorCode = (typeof ITEM_ERROR_CODES)[number];

export interface ItemError {
  code: ItemErrorCode;
  message: string;
  /** the argument at fault by its path, e.g. `inputs[3].principal` */
  field: string | null;
  /** MALFORMED_POLICY_DOCUMENT: every finding of the document */
  findings: ValidationFindingModel[];
}

/** One answer of a batch: exactly one of the two is set. */
export type AccessOutcome = { decision: Decision<PolicySource>; error: null } | { decision: null; error: ItemError };

const isItemCode = (code: ErrorCode): code is ItemErrorCode => (ITEM_ERROR_CODES as readonly ErrorCode[]).includes(code);

/** The error of the request whose fields start with `prefix` (`inputs[3].`); rethrows one no request can own. */
export function itemError(error: GatehouseError, prefix: string): ItemError {
  const { code } = error;
  if (!isItemCode(code)) throw error;
  const findings = code === 'MALFORMED_POLICY_DOCUMENT' ? ((error.details['findings'] as ValidationFindingModel[] | undefined) ?? []) : [];
  const field =
    code === 'NO_SUCH_ENTITY' ? `${prefix}principal`
    : typeof error.details['field'] === 'string' ? error.details['field']
    : null;
  return { code, message: error.message, field, findings };
}
