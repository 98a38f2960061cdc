// Bounds on what one GraphQL operation may ask for: depth, aliases, directives and cost through
// GraphQL Armor's validation rules (each counted through fragments and inline fragments), and
// tokens through graphql-js's own parser limit. A refusal is the code QUERY_LIMIT_EXCEEDED with
// `extensions.limit` naming the limit (format-error.ts gives it to the client).
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type ParseOptions, type ValidationContext, type ValidationRule } from 'graphql';

export type QueryLimitName = 'depth' | 'aliases' | 'directives' | 'tokens' | 'cost';

export interface QueryLimits {
  /** Deepest field nesting; fragments add no level of their own. */
  readonly maxDepth: number;
  /** Aliased fields: bulk clients send up to 50 decisions as aliases of one operation. */
  readonly maxAliases: number;
  readonly maxDirectives: number;
  /** Lexical tokens in the document (names, punctuation, values; not comments). */
  readonly maxTokens: number;
  /** Armor's cost: 1 a scalar, 2 an object, x1.5 per level, x`first` for lists. */
  readonly maxCost: number;
  /** Schema introspection (`__schema`, `__type`): codegen and IDEs need it. */
  readonly introspection: boolean;
}

/** Armor's defaults, except aliases (Armor: 15) for bulk clients. */
export const DEFAULT_QUERY_LIMITS: QueryLimits = Object.freeze({
  maxDepth: 6,
  maxAliases: 50,
  maxDirectives: 50,
  maxTokens: 1000,
  maxCost: 5000,
  introspection: true,
});

/** The `extensions` key that marks a limit's error until format-error.ts gives it its code. */
export const QUERY_LIMIT_EXTENSION = 'queryLimit';

/** Reports Armor's refusal as our error, with the count Armor found. */
function refuse(limit: QueryLimitName, max: number) {
  return (context: ValidationContext | null, armorError: GraphQLError) => {
    const found = /found ([\d.]+)/.exec(armorError.message)?.[1] ?? 'more';
    context?.reportError(
      new GraphQLError(`query limit exceeded: ${limit}: found ${found}, the limit is ${max}`, {
        extensions: { [QUERY_LIMIT_EXTENSION]: limit },
      }),
    );
  };
}

/** Validation rules and parse options for Apollo that enforce the limits. */
export function queryLimitRules(limits: QueryLimits): { validationRules: ValidationRule[]; parseOptions: ParseOptions } {
  const reject = (limit: QueryLimitName, max: number) => ({ propagateOnRejection: false, onReject: [refuse(limit, max)] });
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, flattenFragments: true, ...reject('depth', limits.maxDepth) },
    maxAliases: { n: limits.maxAliases, ...reject('aliases', limits.maxAliases) },
    maxDirectives: { n: limits.maxDirectives, ...reject('directives', limits.maxDirectives) },
    costLimit: { maxCost: limits.maxCost, flattenFragments: true, ...reject('cost', limits.maxCost) },
    // Armor's Apollo token plugin answers HTTP 500; graphql-js counts the same tokens while parsing.
    maxTokens: { enabled: false },
    // Armor's mask misses enum suggestions; format-error.ts removes every "did you mean".
    blockFieldSuggestion: { enabled: false },
  }).protect();
  // Only Armor's validation rules are used: the two protections that are Apollo plugins are off.
  return { validationRules: armor.validationRules, parseOptions: { maxTokens: limits.maxTokens } };
}

// graphql-js says only in its message that the token limit stopped the parse.
const TOKEN_LIMIT_MESSAGE = /^Syntax Error: Document contains more that? (\d+) tokens/;

/** Which limit an error (as formatted by Apollo) reports, if any, with the message to show. */
export function queryLimitOf(code: unknown, message: string, extensions: Record<string, unknown> | undefined): { limit: QueryLimitName; message: string } | undefined {
  const marked = extensions?.[QUERY_LIMIT_EXTENSION];
  if (code === 'GRAPHQL_VALIDATION_FAILED' && typeof marked === 'string') return { limit: marked as QueryLimitName, message };
  const tokens = code === 'GRAPHQL_PARSE_FAILED' ? TOKEN_LIMIT_MESSAGE.exec(message) : null;
  if (tokens) return { limit: 'tokens', message: `query limit exceeded: tokens: more than the limit of ${tokens[1]}` };
  return undefined;
}
