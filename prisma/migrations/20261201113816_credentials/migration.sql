-- AlterTable
ALTER TABLE "AccessKey" ADD COLUMN     "lastUsedOperation" VARCHAR(128),
ADD COLUMN     "lastUsedRegion" VARCHAR(64),
ADD COLUMN     "lastUsedService" VARCHAR(64);

-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "email" VARCHAR(64),
ADD COLUMN     "emailKey" VARCHAR(64),
ADD COLUMN     "name" VARCHAR(50) NOT NULL DEFAULT '',
ADD COLUMN     "rootPasswordHash" TEXT,
ADD COLUMN     "rootPasswordLastUsedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "LoginProfile" ADD COLUMN     "passwordChangedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "passwordLastUsedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "MfaDevice" ADD COLUMN     "lastUsedStep" BIGINT,
ADD COLUMN     "name" VARCHAR(128) NOT NULL,
ADD COLUMN     "nameKey" VARCHAR(128) NOT NULL,
ADD COLUMN     "path" VARCHAR(512) NOT NULL DEFAULT '/';

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "mfaAuthenticatedAt" TIMESTAMPTZ(3),
ADD COLUMN     "passwordResetRequired" BOOLEAN NOT NULL DEFAULT false,
ALTER COLUMN "secretEncrypted" DROP NOT NULL;

-- CreateTable
CREATE TABLE "PasswordHistory" (
    "id" UUID NOT NULL,
    "userId" VARCHAR(21) NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PasswordHistory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccountPasswordPolicy" (
    "accountId" VARCHAR(12) NOT NULL,
    "minimumPasswordLength" INTEGER NOT NULL DEFAULT 8,
    "requireSymbols" BOOLEAN NOT NULL DEFAULT false,
    "requireNumbers" BOOLEAN NOT NULL DEFAULT false,
    "requireUppercaseCharacters" BOOLEAN NOT NULL DEFAULT false,
    "requireLowercaseCharacters" BOOLEAN NOT NULL DEFAULT false,
    "allowUsersToChangePassword" BOOLEAN NOT NULL DEFAULT true,
    "maxPasswordAge" INTEGER,
    "passwordReusePrevention" INTEGER,
    "hardExpiry" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "AccountPasswordPolicy_pkey" PRIMARY KEY ("accountId")
);

-- CreateTable
CREATE TABLE "SignInLockout" (
    "principal" VARCHAR(40) NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lockouts" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMPTZ(3),

    CONSTRAINT "SignInLockout_pkey" PRIMARY KEY ("principal")
);

-- CreateTable
CREATE TABLE "SignInThrottle" (
    "key" VARCHAR(200) NOT NULL,
    "windowStart" TIMESTAMPTZ(3) NOT NULL,
    "attempts" INTEGER NOT NULL,

    CONSTRAINT "SignInThrottle_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "PasswordHistory_userId_createdAt_idx" ON "PasswordHistory"("userId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Account_emailKey_key" ON "Account"("emailKey");

-- CreateIndex
CREATE UNIQUE INDEX "MfaDevice_accountId_nameKey_key" ON "MfaDevice"("accountId", "nameKey");

-- CreateIndex
CREATE INDEX "Session_accountId_idx" ON "Session"("accountId");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- AddForeignKey
ALTER TABLE "PasswordHistory" ADD CONSTRAINT "PasswordHistory_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccountPasswordPolicy" ADD CONSTRAINT "AccountPasswordPolicy_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "PolicyEpoch" ADD COLUMN     "credentials" BIGINT NOT NULL DEFAULT 0;

-- Hand-written: revoking a credential bumps the credentials epoch, so that every server process
-- drops what it cached of it on its next request (src/auth/credential-cache.ts). Only
-- revocations count: a sign-in adds a session without bumping, and a statement that deletes
-- nothing bumps nothing (the transition table is empty), so clearing no expired sessions leaves
-- caches alone. Renaming a user or changing its path bumps it too: a cached caller holds the ARN.
CREATE FUNCTION gatehouse_bump_credentials_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "PolicyEpoch" SET "credentials" = "credentials" + 1 WHERE "id" = 1;
  RETURN NULL;
END;
$$;

CREATE FUNCTION gatehouse_bump_credentials_epoch_if_any() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM gone) THEN
    UPDATE "PolicyEpoch" SET "credentials" = "credentials" + 1 WHERE "id" = 1;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Session_revoked_bump_credentials_epoch" AFTER DELETE ON "Session" REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION gatehouse_bump_credentials_epoch_if_any();
CREATE TRIGGER "AccessKey_deleted_bump_credentials_epoch" AFTER DELETE ON "AccessKey" REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION gatehouse_bump_credentials_epoch_if_any();
CREATE TRIGGER "AccessKey_status_bump_credentials_epoch" AFTER UPDATE OF "status" ON "AccessKey" FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status") EXECUTE FUNCTION gatehouse_bump_credentials_epoch();
CREATE TRIGGER "User_renamed_bump_credentials_epoch" AFTER UPDATE OF "name", "path" ON "User" FOR EACH ROW WHEN (OLD."name" IS DISTINCT FROM NEW."name" OR OLD."path" IS DISTINCT FROM NEW."path") EXECUTE FUNCTION gatehouse_bump_credentials_epoch();
