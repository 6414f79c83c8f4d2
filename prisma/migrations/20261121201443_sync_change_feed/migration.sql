-- CreateTable
CREATE TABLE "sync_changes" (
    "id" BIGSERIAL NOT NULL,
    "txid" xid8 NOT NULL DEFAULT pg_current_xact_id(),
    "table_name" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "row_id" UUID NOT NULL,
    "operation" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sync_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_feed" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "pruned_until" xid8 NOT NULL DEFAULT '0'::xid8,

    CONSTRAINT "sync_feed_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "sync_changes_table_name_account_id_txid_id_idx" ON "sync_changes"("table_name", "account_id", "txid", "id");

-- CreateIndex
CREATE INDEX "sync_changes_created_at_idx" ON "sync_changes"("created_at");

-- Hand-written (Prisma's schema does not describe triggers): the feed's single watermark row, and
-- the triggers that record every change to a synced table. A row that moves to another account
-- (sign-in linking) leaves the old account's shapes as a delete and enters the new one's as an insert.
INSERT INTO "sync_feed" ("id") VALUES (1);

CREATE FUNCTION "record_sync_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO sync_changes (table_name, account_id, row_id, operation)
    VALUES (TG_TABLE_NAME, NEW.account_id, NEW.id, 'insert');
    PERFORM pg_notify('sync_changes', TG_TABLE_NAME || ':' || NEW.account_id);
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO sync_changes (table_name, account_id, row_id, operation)
    VALUES (TG_TABLE_NAME, OLD.account_id, OLD.id, 'delete');
    PERFORM pg_notify('sync_changes', TG_TABLE_NAME || ':' || OLD.account_id);
  ELSIF OLD.account_id IS DISTINCT FROM NEW.account_id THEN
    INSERT INTO sync_changes (table_name, account_id, row_id, operation)
    VALUES (TG_TABLE_NAME, OLD.account_id, OLD.id, 'delete'), (TG_TABLE_NAME, NEW.account_id, NEW.id, 'insert');
    PERFORM pg_notify('sync_changes', TG_TABLE_NAME || ':' || OLD.account_id);
    PERFORM pg_notify('sync_changes', TG_TABLE_NAME || ':' || NEW.account_id);
  ELSE
    INSERT INTO sync_changes (table_name, account_id, row_id, operation)
    VALUES (TG_TABLE_NAME, NEW.account_id, NEW.id, 'update');
    PERFORM pg_notify('sync_changes', TG_TABLE_NAME || ':' || NEW.account_id);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "quota_buckets_sync" AFTER INSERT OR UPDATE OR DELETE ON "quota_buckets"
  FOR EACH ROW EXECUTE FUNCTION "record_sync_change"();
CREATE TRIGGER "agent_sessions_sync" AFTER INSERT OR UPDATE OR DELETE ON "agent_sessions"
  FOR EACH ROW EXECUTE FUNCTION "record_sync_change"();
CREATE TRIGGER "agent_messages_sync" AFTER INSERT OR UPDATE OR DELETE ON "agent_messages"
  FOR EACH ROW EXECUTE FUNCTION "record_sync_change"();
CREATE TRIGGER "agent_tool_calls_sync" AFTER INSERT OR UPDATE OR DELETE ON "agent_tool_calls"
  FOR EACH ROW EXECUTE FUNCTION "record_sync_change"();
CREATE TRIGGER "usage_log_sync" AFTER INSERT OR UPDATE OR DELETE ON "usage_log"
  FOR EACH ROW EXECUTE FUNCTION "record_sync_change"();
