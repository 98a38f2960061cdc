-- DropIndex
DROP INDEX "Policy_accountId_nameKey_key";

-- AlterTable
ALTER TABLE "Policy" ADD COLUMN     "awsManaged" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE UNIQUE INDEX "Policy_accountId_nameKey_awsManaged_key" ON "Policy"("accountId", "nameKey", "awsManaged");
