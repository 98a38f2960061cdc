-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" UUID NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "sequence" BIGINT NOT NULL,
    "time" TIMESTAMPTZ(3) NOT NULL,
    "requestId" VARCHAR(64) NOT NULL,
    "principalArn" VARCHAR(2048),
    "credentialId" VARCHAR(20),
    "sourceIp" VARCHAR(64),
    "userAgent" VARCHAR(512),
    "operation" VARCHAR(128) NOT NULL,
    "eventName" VARCHAR(128) NOT NULL,
    "resources" JSONB NOT NULL,
    "outcome" VARCHAR(64) NOT NULL,
    "errorMessage" VARCHAR(2048),
    "decision" VARCHAR(32),
    "decidingStatement" JSONB,
    "changes" JSONB,
    "previousHash" CHAR(64) NOT NULL,
    "hash" CHAR(64) NOT NULL,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditChainHead" (
    "accountId" VARCHAR(12) NOT NULL,
    "sequence" BIGINT NOT NULL,
    "hash" CHAR(64) NOT NULL,

    CONSTRAINT "AuditChainHead_pkey" PRIMARY KEY ("accountId")
);

-- CreateIndex
CREATE INDEX "AuditEvent_accountId_time_idx" ON "AuditEvent"("accountId", "time");

-- CreateIndex
CREATE INDEX "AuditEvent_accountId_principalArn_sequence_idx" ON "AuditEvent"("accountId", "principalArn", "sequence");

-- CreateIndex
CREATE INDEX "AuditEvent_accountId_eventName_sequence_idx" ON "AuditEvent"("accountId", "eventName", "sequence");

-- CreateIndex
CREATE INDEX "AuditEvent_accountId_outcome_sequence_idx" ON "AuditEvent"("accountId", "outcome", "sequence");

-- CreateIndex
CREATE INDEX "AuditEvent_resources_idx" ON "AuditEvent" USING GIN ("resources" jsonb_path_ops);

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_accountId_sequence_key" ON "AuditEvent"("accountId", "sequence");
