-- CreateTable
CREATE TABLE "Account" (
    "id" VARCHAR(12) NOT NULL,
    "alias" VARCHAR(63),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" VARCHAR(21) NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "nameKey" VARCHAR(64) NOT NULL,
    "path" VARCHAR(512) NOT NULL DEFAULT '/',
    "permissionsBoundaryId" VARCHAR(21),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Group" (
    "id" VARCHAR(21) NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "name" VARCHAR(128) NOT NULL,
    "nameKey" VARCHAR(128) NOT NULL,
    "path" VARCHAR(512) NOT NULL DEFAULT '/',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GroupMembership" (
    "userId" VARCHAR(21) NOT NULL,
    "groupId" VARCHAR(21) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GroupMembership_pkey" PRIMARY KEY ("userId","groupId")
);

-- CreateTable
CREATE TABLE "Role" (
    "id" VARCHAR(21) NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "nameKey" VARCHAR(64) NOT NULL,
    "path" VARCHAR(512) NOT NULL DEFAULT '/',
    "description" VARCHAR(1000),
    "assumeRolePolicyDocument" TEXT NOT NULL,
    "maxSessionDuration" INTEGER NOT NULL DEFAULT 3600,
    "permissionsBoundaryId" VARCHAR(21),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Role_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Policy" (
    "id" VARCHAR(21) NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "name" VARCHAR(128) NOT NULL,
    "nameKey" VARCHAR(128) NOT NULL,
    "path" VARCHAR(512) NOT NULL DEFAULT '/',
    "description" VARCHAR(1000),
    "defaultVersionNumber" INTEGER NOT NULL,
    "nextVersionNumber" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Policy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PolicyVersion" (
    "id" UUID NOT NULL,
    "policyId" VARCHAR(21) NOT NULL,
    "versionNumber" INTEGER NOT NULL,
    "document" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PolicyVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PolicyAttachment" (
    "id" UUID NOT NULL,
    "policyId" VARCHAR(21) NOT NULL,
    "userId" VARCHAR(21),
    "groupId" VARCHAR(21),
    "roleId" VARCHAR(21),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PolicyAttachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InlinePolicy" (
    "id" UUID NOT NULL,
    "name" VARCHAR(128) NOT NULL,
    "nameKey" VARCHAR(128) NOT NULL,
    "document" TEXT NOT NULL,
    "userId" VARCHAR(21),
    "groupId" VARCHAR(21),
    "roleId" VARCHAR(21),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InlinePolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Tag" (
    "id" UUID NOT NULL,
    "key" VARCHAR(128) NOT NULL,
    "keyLower" VARCHAR(128) NOT NULL,
    "value" VARCHAR(256) NOT NULL,
    "userId" VARCHAR(21),
    "roleId" VARCHAR(21),
    "policyId" VARCHAR(21),

    CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoginProfile" (
    "userId" VARCHAR(21) NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "passwordResetRequired" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoginProfile_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "AccessKey" (
    "id" VARCHAR(20) NOT NULL,
    "userId" VARCHAR(21) NOT NULL,
    "secretEncrypted" TEXT NOT NULL,
    "status" VARCHAR(8) NOT NULL DEFAULT 'Active',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMPTZ(3),

    CONSTRAINT "AccessKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MfaDevice" (
    "serialNumber" VARCHAR(256) NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "userId" VARCHAR(21),
    "seedEncrypted" TEXT NOT NULL,
    "enabledAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MfaDevice_pkey" PRIMARY KEY ("serialNumber")
);

-- CreateTable
CREATE TABLE "Session" (
    "accessKeyId" VARCHAR(20) NOT NULL,
    "accountId" VARCHAR(12) NOT NULL,
    "userId" VARCHAR(21),
    "roleId" VARCHAR(21),
    "sessionName" VARCHAR(64),
    "secretEncrypted" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "sessionPolicy" TEXT,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("accessKeyId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Account_alias_key" ON "Account"("alias");

-- CreateIndex
CREATE INDEX "User_accountId_path_idx" ON "User"("accountId", "path");

-- CreateIndex
CREATE UNIQUE INDEX "User_accountId_nameKey_key" ON "User"("accountId", "nameKey");

-- CreateIndex
CREATE INDEX "Group_accountId_path_idx" ON "Group"("accountId", "path");

-- CreateIndex
CREATE UNIQUE INDEX "Group_accountId_nameKey_key" ON "Group"("accountId", "nameKey");

-- CreateIndex
CREATE INDEX "GroupMembership_groupId_idx" ON "GroupMembership"("groupId");

-- CreateIndex
CREATE INDEX "Role_accountId_path_idx" ON "Role"("accountId", "path");

-- CreateIndex
CREATE UNIQUE INDEX "Role_accountId_nameKey_key" ON "Role"("accountId", "nameKey");

-- CreateIndex
CREATE INDEX "Policy_accountId_path_idx" ON "Policy"("accountId", "path");

-- CreateIndex
CREATE UNIQUE INDEX "Policy_accountId_nameKey_key" ON "Policy"("accountId", "nameKey");

-- CreateIndex
CREATE UNIQUE INDEX "PolicyVersion_policyId_versionNumber_key" ON "PolicyVersion"("policyId", "versionNumber");

-- CreateIndex
CREATE INDEX "PolicyAttachment_policyId_idx" ON "PolicyAttachment"("policyId");

-- CreateIndex
CREATE UNIQUE INDEX "PolicyAttachment_userId_policyId_key" ON "PolicyAttachment"("userId", "policyId");

-- CreateIndex
CREATE UNIQUE INDEX "PolicyAttachment_groupId_policyId_key" ON "PolicyAttachment"("groupId", "policyId");

-- CreateIndex
CREATE UNIQUE INDEX "PolicyAttachment_roleId_policyId_key" ON "PolicyAttachment"("roleId", "policyId");

-- CreateIndex
CREATE UNIQUE INDEX "InlinePolicy_userId_nameKey_key" ON "InlinePolicy"("userId", "nameKey");

-- CreateIndex
CREATE UNIQUE INDEX "InlinePolicy_groupId_nameKey_key" ON "InlinePolicy"("groupId", "nameKey");

-- CreateIndex
CREATE UNIQUE INDEX "InlinePolicy_roleId_nameKey_key" ON "InlinePolicy"("roleId", "nameKey");

-- CreateIndex
CREATE INDEX "Tag_keyLower_value_idx" ON "Tag"("keyLower", "value");

-- CreateIndex
CREATE UNIQUE INDEX "Tag_userId_keyLower_key" ON "Tag"("userId", "keyLower");

-- CreateIndex
CREATE UNIQUE INDEX "Tag_roleId_keyLower_key" ON "Tag"("roleId", "keyLower");

-- CreateIndex
CREATE UNIQUE INDEX "Tag_policyId_keyLower_key" ON "Tag"("policyId", "keyLower");

-- CreateIndex
CREATE INDEX "AccessKey_userId_idx" ON "AccessKey"("userId");

-- CreateIndex
CREATE INDEX "MfaDevice_userId_idx" ON "MfaDevice"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Session_tokenHash_key" ON "Session"("tokenHash");

-- CreateIndex
CREATE INDEX "Session_roleId_idx" ON "Session"("roleId");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_permissionsBoundaryId_fkey" FOREIGN KEY ("permissionsBoundaryId") REFERENCES "Policy"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Group" ADD CONSTRAINT "Group_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupMembership" ADD CONSTRAINT "GroupMembership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupMembership" ADD CONSTRAINT "GroupMembership_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Role" ADD CONSTRAINT "Role_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Role" ADD CONSTRAINT "Role_permissionsBoundaryId_fkey" FOREIGN KEY ("permissionsBoundaryId") REFERENCES "Policy"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Policy" ADD CONSTRAINT "Policy_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyVersion" ADD CONSTRAINT "PolicyVersion_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "Policy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyAttachment" ADD CONSTRAINT "PolicyAttachment_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "Policy"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyAttachment" ADD CONSTRAINT "PolicyAttachment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyAttachment" ADD CONSTRAINT "PolicyAttachment_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyAttachment" ADD CONSTRAINT "PolicyAttachment_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "Role"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InlinePolicy" ADD CONSTRAINT "InlinePolicy_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InlinePolicy" ADD CONSTRAINT "InlinePolicy_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InlinePolicy" ADD CONSTRAINT "InlinePolicy_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "Role"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tag" ADD CONSTRAINT "Tag_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tag" ADD CONSTRAINT "Tag_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "Role"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tag" ADD CONSTRAINT "Tag_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "Policy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LoginProfile" ADD CONSTRAINT "LoginProfile_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccessKey" ADD CONSTRAINT "AccessKey_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MfaDevice" ADD CONSTRAINT "MfaDevice_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "Role"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: integrity rules Prisma's schema language cannot express (Prisma leaves CHECK
-- constraints alone when it diffs).
ALTER TABLE "PolicyAttachment" ADD CONSTRAINT "PolicyAttachment_one_owner" CHECK (num_nonnulls("userId", "groupId", "roleId") = 1);
ALTER TABLE "InlinePolicy" ADD CONSTRAINT "InlinePolicy_one_owner" CHECK (num_nonnulls("userId", "groupId", "roleId") = 1);
ALTER TABLE "Tag" ADD CONSTRAINT "Tag_one_owner" CHECK (num_nonnulls("userId", "roleId", "policyId") = 1);
ALTER TABLE "Role" ADD CONSTRAINT "Role_maxSessionDuration_range" CHECK ("maxSessionDuration" BETWEEN 3600 AND 43200);
