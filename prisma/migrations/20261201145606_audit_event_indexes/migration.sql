-- The resource filter of auditEvents reads the GIN index on "resources". With fastupdate (the
-- default) new entries wait in the index's pending list until a VACUUM, and every query scans
-- that list linearly: on a million records just written, a resource page took 62 ms instead of
-- 0.2 ms (npm run bench:audit). The trail is written one record per call, so inserting each
-- entry straight into the index costs little. Prisma's schema language cannot express this.
ALTER INDEX "AuditEvent_resources_idx" SET (fastupdate = off);
