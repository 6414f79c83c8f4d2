-- The embedded shape endpoint now reads changes from the logical replication stream
-- (server/sync/embedded/replication.ts): the trigger-fed change feed goes, and writes to the
-- synced tables do no extra work.
DROP TRIGGER "quota_buckets_sync" ON "quota_buckets";
DROP TRIGGER "agent_sessions_sync" ON "agent_sessions";
DROP TRIGGER "agent_messages_sync" ON "agent_messages";
DROP TRIGGER "agent_tool_calls_sync" ON "agent_tool_calls";
DROP TRIGGER "usage_log_sync" ON "usage_log";
DROP FUNCTION "record_sync_change"();

-- DropTable
DROP TABLE "sync_changes";

-- DropTable
DROP TABLE "sync_feed";

-- Hand-written (Prisma's schema does not describe these): what the replication stream carries.
-- Updates and deletes carry the whole old row, so a change is routed to its account even when a
-- row moves to another one (sign-in linking); Electric sets the same on the tables it syncs.
CREATE PUBLICATION "ada_sync" FOR TABLE "quota_buckets", "agent_sessions", "agent_messages",
  "agent_tool_calls", "usage_log" WITH (publish = 'insert, update, delete');
ALTER TABLE "quota_buckets" REPLICA IDENTITY FULL;
ALTER TABLE "agent_sessions" REPLICA IDENTITY FULL;
ALTER TABLE "agent_messages" REPLICA IDENTITY FULL;
ALTER TABLE "agent_tool_calls" REPLICA IDENTITY FULL;
ALTER TABLE "usage_log" REPLICA IDENTITY FULL;
