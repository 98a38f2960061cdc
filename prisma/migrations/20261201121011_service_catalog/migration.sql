-- CreateTable
CREATE TABLE "Service" (
    "id" UUID NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "prefix" VARCHAR(40) NOT NULL,
    "name" VARCHAR(256) NOT NULL,
    "overridesBuiltIn" BOOLEAN NOT NULL DEFAULT false,
    "definition" JSONB NOT NULL,
    "actionCount" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Service_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Service_accountId_prefix_key" ON "Service"("accountId", "prefix");

-- AddForeignKey
ALTER TABLE "Service" ADD CONSTRAINT "Service_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;
