-- CreateTable
CREATE TABLE "PolicyEpoch" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "value" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "PolicyEpoch_pkey" PRIMARY KEY ("id")
);

-- Hand-written: the single row, and the triggers that keep it honest. Statement-level, so a
-- bulk write bumps it once; the row lock they take is held to commit, so readers never see a
-- new epoch before the data it stands for.
INSERT INTO "PolicyEpoch" ("id", "value") VALUES (1, 0);

CREATE FUNCTION gatehouse_bump_policy_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "PolicyEpoch" SET "value" = "value" + 1 WHERE "id" = 1;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "User_bump_policy_epoch" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "User" FOR EACH STATEMENT EXECUTE FUNCTION gatehouse_bump_policy_epoch();
CREATE TRIGGER "Group_bump_policy_epoch" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Group" FOR EACH STATEMENT EXECUTE FUNCTION gatehouse_bump_policy_epoch();
CREATE TRIGGER "GroupMembership_bump_policy_epoch" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "GroupMembership" FOR EACH STATEMENT EXECUTE FUNCTION gatehouse_bump_policy_epoch();
CREATE TRIGGER "Role_bump_policy_epoch" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Role" FOR EACH STATEMENT EXECUTE FUNCTION gatehouse_bump_policy_epoch();
CREATE TRIGGER "Policy_bump_policy_epoch" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Policy" FOR EACH STATEMENT EXECUTE FUNCTION gatehouse_bump_policy_epoch();
CREATE TRIGGER "PolicyVersion_bump_policy_epoch" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "PolicyVersion" FOR EACH STATEMENT EXECUTE FUNCTION gatehouse_bump_policy_epoch();
CREATE TRIGGER "PolicyAttachment_bump_policy_epoch" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "PolicyAttachment" FOR EACH STATEMENT EXECUTE FUNCTION gatehouse_bump_policy_epoch();
CREATE TRIGGER "InlinePolicy_bump_policy_epoch" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "InlinePolicy" FOR EACH STATEMENT EXECUTE FUNCTION gatehouse_bump_policy_epoch();
CREATE TRIGGER "Tag_bump_policy_epoch" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Tag" FOR EACH STATEMENT EXECUTE FUNCTION gatehouse_bump_policy_epoch();
