// The audit trail: auditEvents, verifyAuditTrail, and the AuditEvent type.
import { toNodeId } from '../../domain/node-id.ts';
import type { Decision, Resolvers } from '../../generated/graphql.ts';
import { listAuditEvents } from '../../services/audit/audit-events.ts';
import { verifyAuditTrail } from '../../services/audit/verify-trail.ts';
import { connectionFields } from './query.ts';

const DECISIONS: ReadonlySet<string> = new Set<Decision>(['ALLOWED', 'EXPLICIT_DENY', 'IMPLICIT_DENY']);

export const auditQueries: NonNullable<Resolvers['Query']> = {
  auditEvents: (_root, { filter, first, after }, { scope }) => listAuditEvents(scope, filter, { first, after }),
  verifyAuditTrail: (_root, { after, first }, { scope }) => verifyAuditTrail(scope, { after, first }),
};

export const auditTypeResolvers: Resolvers = {
  AuditEventConnection: connectionFields,
  AuditEvent: {
    id: (event) => toNodeId('AuditEvent', event.id),
    sequence: (event) => Number(event.sequence),
    decision: (event) => (DECISIONS.has(event.decision ?? '') ? (event.decision as Decision) : null),
    resources: (event) => (Array.isArray(event.resources) ? event.resources.filter((arn): arn is string => typeof arn === 'string') : []),
  },
};
