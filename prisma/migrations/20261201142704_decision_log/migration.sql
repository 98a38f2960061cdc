-- CreateTable
CREATE TABLE "DecisionLogEntry" (
    "id" BIGSERIAL NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "time" TIMESTAMPTZ(3) NOT NULL,
    "requestId" VARCHAR(128) NOT NULL,
    "callerArn" VARCHAR(2048) NOT NULL,
    "principalArn" VARCHAR(2048) NOT NULL,
    "action" VARCHAR(256) NOT NULL,
    "resource" VARCHAR(2048) NOT NULL,
    "decision" VARCHAR(16) NOT NULL,
    "source" VARCHAR(32) NOT NULL,
    "field" VARCHAR(256) NOT NULL,
    "decidingStatements" JSONB NOT NULL,

    CONSTRAINT "DecisionLogEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DecisionLogEntry_accountId_time_id_idx" ON "DecisionLogEntry"("accountId", "time", "id");

-- CreateIndex
CREATE INDEX "DecisionLogEntry_accountId_principalArn_time_id_idx" ON "DecisionLogEntry"("accountId", "principalArn", "time", "id");

-- CreateIndex
CREATE INDEX "DecisionLogEntry_accountId_action_time_id_idx" ON "DecisionLogEntry"("accountId", "action", "time", "id");

-- CreateIndex
CREATE INDEX "DecisionLogEntry_accountId_decision_time_id_idx" ON "DecisionLogEntry"("accountId", "decision", "time", "id");

-- CreateIndex
CREATE INDEX "DecisionLogEntry_time_idx" ON "DecisionLogEntry"("time");
