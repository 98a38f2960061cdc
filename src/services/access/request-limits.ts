// The shape and size of one access request (evaluateAccess, evaluateAccessBatch,
// simulateCustomPolicy), held to AWS's limits before anything is evaluated, so the work one
// request can cause is bounded by its size. A bad field is BAD_USER_INPUT naming it by its path
// inside the arguments, e.g. `request.resource` or `inputs[3].context[0].values[2]`.
import { badInput } from '../../errors.ts';
import { isArn, MAX_ARN_LENGTH } from '../../domain/arn.ts';
import type { CallerContextEntry } from './principal-context.ts';

export const MAX_ACTION_LENGTH = 128;
export const MAX_CONTEXT_ENTRIES = 200;
export const MAX_CONTEXT_KEY_LENGTH = 256;
export const MAX_CONTEXT_VALUE_LENGTH = 2048;
export const MAX_CONTEXT_VALUES = 1000;

// `service:Action`, where the action may use `*` (`s3:*`, `s3:Get*`), or `*` alone.
const ACTION = /^(?:\*|[A-Za-z0-9-]+:[A-Za-z0-9*]+)$/;
const ACCOUNT_ID = /^\d{12}$/;

export interface RequestFields {
  principal: string;
  action: string;
  resource: string;
  resourceAccount?: string | null;
  /** simulateCustomPolicy only: the role or federating user of a session principal */
  sessionIssuer?: string | null;
  context?: readonly CallerContextEntry[] | null;
}

/** Throws BAD_USER_INPUT for the first field out of bounds; `prefix` is e.g. `inputs[3].`. */
export function checkRequestFields(prefix: string, request: RequestFields): void {
  checkArn(`${prefix}principal`, request.principal);
  checkActionResource(prefix, request);
  const account = request.resourceAccount;
  if (account != null && !ACCOUNT_ID.test(account)) throw badInput(`${prefix}resourceAccount`, 'must be a 12-digit account id');
  if (request.sessionIssuer != null) checkArn(`${prefix}sessionIssuer`, request.sessionIssuer);
}

/** The action, the resource (unless null: not asked) and the context, as checkRequestFields holds them. */
export function checkActionResource(prefix: string, request: { action: string; resource: string | null; context?: readonly CallerContextEntry[] | null }): void {
  checkAction(`${prefix}action`, request.action);
  if (request.resource !== null && request.resource !== '*') checkArn(`${prefix}resource`, request.resource);
  checkContext(`${prefix}context`, request.context ?? []);
}

export function checkAction(field: string, action: string): void {
  if (action.length > MAX_ACTION_LENGTH) throw badInput(field, `must be at most ${MAX_ACTION_LENGTH} characters`);
  if (!ACTION.test(action)) throw badInput(field, `${shown(action)} is not an action such as \`s3:GetObject\``);
}

export function checkArn(field: string, value: string): void {
  if (value.length > MAX_ARN_LENGTH) throw badInput(field, `must be at most ${MAX_ARN_LENGTH} characters`);
  if (!isArn(value)) throw badInput(field, `${shown(value)} is not an ARN`);
}

function checkContext(field: string, entries: readonly CallerContextEntry[]): void {
  if (entries.length > MAX_CONTEXT_ENTRIES) throw badInput(field, `at most ${MAX_CONTEXT_ENTRIES} entries`);
  let values = 0;
  entries.forEach((entry, index) => {
    const at = `${field}[${index}]`;
    if (entry.key.length === 0 || entry.key.length > MAX_CONTEXT_KEY_LENGTH) {
      throw badInput(`${at}.key`, `must be 1 to ${MAX_CONTEXT_KEY_LENGTH} characters`);
    }
    values += entry.values.length;
    if (values > MAX_CONTEXT_VALUES) throw badInput(field, `at most ${MAX_CONTEXT_VALUES} values in all`);
    const long = entry.values.findIndex((value) => value.length > MAX_CONTEXT_VALUE_LENGTH);
    if (long >= 0) throw badInput(`${at}.values[${long}]`, `must be at most ${MAX_CONTEXT_VALUE_LENGTH} characters`);
  });
}

/** User input for a message, cut short: the value may be up to the field's limit. */
function shown(value: string): string {
  return `\`${value.length > 120 ? `${value.slice(0, 117)}...` : value}\``;
}
