// Date* operators. Both sides may be ISO 8601 (date, or date-time with
// optional zone; no zone means UTC) or epoch seconds, compared as instants.
import { joinPieces, type OperatorSpec } from './operator.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/;
const EPOCH = /^-?\d+(\.\d+)?$/;

/** Milliseconds since the epoch, or undefined for text that is not a date. */
export function parseDate(raw: string): number | undefined {
  const text = raw.trim();
  if (EPOCH.test(text)) return Number(text) * 1000;
  if (!ISO_DATE.test(text)) return undefined;
  const withTime = text.length === 10 ? `${text}T00:00:00Z` : text;
  const zoned = HAS_ZONE.test(withTime.slice(10)) ? withTime : `${withTime}Z`;
  const ms = Date.parse(zoned.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? undefined : ms;
}

function dateSpec(negated: boolean, compare: (request: number, policy: number) => boolean): OperatorSpec<number, number> {
  return {
    negated,
    supportsVariables: false,
    invalidValueCode: 'INVALID_DATE_VALUE',
    expects: 'an ISO 8601 date or epoch seconds',
    parsePolicyValue: (pieces) => parseDate(joinPieces(pieces)),
    parseRequestValue: parseDate,
    matches: compare,
  };
}

export const dateOperators: Record<string, OperatorSpec> = {
  DateEquals: dateSpec(false, (r, p) => r === p),
  DateNotEquals: dateSpec(true, (r, p) => r === p),
  DateLessThan: dateSpec(false, (r, p) => r < p),
  DateLessThanEquals: dateSpec(false, (r, p) => r <= p),
  DateGreaterThan: dateSpec(false, (r, p) => r > p),
  DateGreaterThanEquals: dateSpec(false, (r, p) => r >= p),
};
