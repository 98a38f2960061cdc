-- Hand-written: the policy epoch becomes one per account (model AccountPolicyEpoch), and the
-- one-row table keeps only the credentials epoch. The old table is renamed, not recreated, so the
-- credentials epoch keeps counting: a process still caching credentials must not see it go back.

-- The global policy epoch and its statement-level triggers go.
DROP TRIGGER "User_bump_policy_epoch" ON "User";
DROP TRIGGER "Group_bump_policy_epoch" ON "Group";
DROP TRIGGER "GroupMembership_bump_policy_epoch" ON "GroupMembership";
DROP TRIGGER "Role_bump_policy_epoch" ON "Role";
DROP TRIGGER "Policy_bump_policy_epoch" ON "Policy";
DROP TRIGGER "PolicyVersion_bump_policy_epoch" ON "PolicyVersion";
DROP TRIGGER "PolicyAttachment_bump_policy_epoch" ON "PolicyAttachment";
DROP TRIGGER "InlinePolicy_bump_policy_epoch" ON "InlinePolicy";
DROP TRIGGER "Tag_bump_policy_epoch" ON "Tag";
DROP FUNCTION gatehouse_bump_policy_epoch();

ALTER TABLE "PolicyEpoch" DROP COLUMN "value";
ALTER TABLE "PolicyEpoch" RENAME COLUMN "credentials" TO "value";
ALTER TABLE "PolicyEpoch" RENAME TO "CredentialsEpoch";
ALTER TABLE "CredentialsEpoch" RENAME CONSTRAINT "PolicyEpoch_pkey" TO "CredentialsEpoch_pkey";

CREATE OR REPLACE FUNCTION gatehouse_bump_credentials_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "CredentialsEpoch" SET "value" = "value" + 1 WHERE "id" = 1;
  RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION gatehouse_bump_credentials_epoch_if_any() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM gone) THEN
    UPDATE "CredentialsEpoch" SET "value" = "value" + 1 WHERE "id" = 1;
  END IF;
  RETURN NULL;
END;
$$;

-- CreateTable
CREATE TABLE "AccountPolicyEpoch" (
    "accountId" VARCHAR(12) NOT NULL,
    "value" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "AccountPolicyEpoch_pkey" PRIMARY KEY ("accountId")
);

-- Row-level, because each row names its account (directly, or through the policy, group, user or
-- role it belongs to). The upsert's row lock is held to commit, so readers never see a new epoch
-- before the data it stands for, and only writers of the same account wait for each other. A
-- child row deleted by its parent's cascade finds no parent any more: the parent's own
-- deletion bumped the account, so the child skips.
CREATE FUNCTION gatehouse_bump_account_policy_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed record;
  account varchar(12);
BEGIN
  IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
  CASE TG_TABLE_NAME
    WHEN 'User', 'Group', 'Role', 'Policy' THEN
      account := changed."accountId";
    WHEN 'PolicyVersion', 'PolicyAttachment' THEN
      SELECT "accountId" INTO account FROM "Policy" WHERE "id" = changed."policyId";
    WHEN 'GroupMembership' THEN
      SELECT "accountId" INTO account FROM "Group" WHERE "id" = changed."groupId";
    WHEN 'InlinePolicy' THEN
      account := COALESCE(
        (SELECT "accountId" FROM "User" WHERE "id" = changed."userId"),
        (SELECT "accountId" FROM "Group" WHERE "id" = changed."groupId"),
        (SELECT "accountId" FROM "Role" WHERE "id" = changed."roleId"));
    WHEN 'Tag' THEN
      account := COALESCE(
        (SELECT "accountId" FROM "User" WHERE "id" = changed."userId"),
        (SELECT "accountId" FROM "Role" WHERE "id" = changed."roleId"),
        (SELECT "accountId" FROM "Policy" WHERE "id" = changed."policyId"));
  END CASE;
  IF account IS NOT NULL THEN
    INSERT INTO "AccountPolicyEpoch" ("accountId", "value") VALUES (account, 1)
    ON CONFLICT ("accountId") DO UPDATE SET "value" = "AccountPolicyEpoch"."value" + 1;
  END IF;
  RETURN NULL;
END;
$$;

-- TRUNCATE names no rows: every account's epoch moves.
CREATE FUNCTION gatehouse_bump_every_policy_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "AccountPolicyEpoch" SET "value" = "value" + 1;
  RETURN NULL;
END;
$$;

DO $$
DECLARE
  watched text;
BEGIN
  FOREACH watched IN ARRAY ARRAY['User', 'Group', 'GroupMembership', 'Role', 'Policy', 'PolicyVersion', 'PolicyAttachment', 'InlinePolicy', 'Tag'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION gatehouse_bump_account_policy_epoch()', watched || '_bump_account_policy_epoch', watched);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION gatehouse_bump_every_policy_epoch()', watched || '_truncate_bumps_policy_epochs', watched);
  END LOOP;
END;
$$;
