// The decision log: decisionLog and the DecisionLogEntry type.
import { toNodeId } from '../../domain/node-id.ts';
import type { Decision, DecisionSource, Resolvers } from '../../generated/graphql.ts';
import type { MatchedStatementModel } from '../../services/models.ts';
import { listDecisions } from '../../services/decisions/list-decisions.ts';
import type { StoredStatements } from '../../services/decisions/decision-rows.ts';
import { connectionFields } from './query.ts';

export const decisionQueries: NonNullable<Resolvers['Query']> = {
  decisionLog: (_root, { filter, first, after }, { scope, decisions }) => listDecisions(scope, decisions, filter, { first, after }),
};

// Rows are written by services/decisions/decision-rows.ts alone: the JSON has its shape.
const statementsOf = (value: unknown) => value as StoredStatements;

export const decisionTypeResolvers: Resolvers = {
  DecisionLogEntryConnection: connectionFields,
  DecisionLogEntry: {
    id: (entry) => toNodeId('DecisionLogEntry', entry.id.toString()),
    decision: (entry) => entry.decision as Decision,
    source: (entry) => entry.source as DecisionSource,
    decidingStatements: (entry) => statementsOf(entry.decidingStatements).statements as MatchedStatementModel[],
    omittedStatements: (entry) => statementsOf(entry.decidingStatements).omitted,
  },
};
