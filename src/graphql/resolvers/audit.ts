// The audit trail: auditEvents, verifyAuditTrail, and the AuditEvent type.
import { toNodeId } from '../../domain/node-id.ts';
import type { Resolvers } from '../../generated/graphql.ts';
import { listAuditEvents } from '../../services/audit/audit-events.ts';
import { verifyAuditTrail } from '../../services/audit/verify-trail.ts';
import { connectionFields } from './query.ts';

export const auditQueries: NonNullable<Resolvers['Query']> = {
  auditEvents: (_root, { filter, first, after }, { scope }) => listAuditEvents(scope, filter, { first, after }),
  verifyAuditTrail: (_root, _args, { scope }) => verifyAuditTrail(scope),
};

export const auditTypeResolvers: Resolvers = {
  AuditEventConnection: connectionFields,
  AuditEvent: {
    id: (event) => toNodeId('AuditEvent', event.id),
    sequence: (event) => Number(event.sequence),
    resources: (event) => (Array.isArray(event.resources) ? event.resources.filter((arn): arn is string => typeof arn === 'string') : []),
  },
};
