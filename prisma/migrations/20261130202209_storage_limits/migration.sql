-- DropIndex
DROP INDEX "agent_messages_account_id_idx";

-- DropIndex
DROP INDEX "agent_tool_calls_account_id_idx";

-- AlterTable
ALTER TABLE "agent_messages" ADD COLUMN     "stored_bytes" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "agent_tool_calls" ADD COLUMN     "stored_bytes" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "session_starts" (
    "day" DATE NOT NULL,
    "account_id" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "session_starts_pkey" PRIMARY KEY ("day","account_id")
);

-- CreateIndex
CREATE INDEX "usage_log_account_id_id_idx" ON "usage_log"("account_id", "id");

-- CreateIndex
CREATE INDEX "agent_sessions_account_id_id_idx" ON "agent_sessions"("account_id", "id");

-- CreateIndex
CREATE INDEX "agent_messages_account_id_id_idx" ON "agent_messages"("account_id", "id");

-- CreateIndex
CREATE INDEX "agent_tool_calls_account_id_id_idx" ON "agent_tool_calls"("account_id", "id");

-- Hand-written: the sizes of the rows already stored, as server/agent/storage.ts counts them (UTF-8
-- bytes; outputs as JSON text). The column is not synced, so the sync triggers stay out of it.
ALTER TABLE "agent_messages" DISABLE TRIGGER "agent_messages_sync";
UPDATE "agent_messages"
SET "stored_bytes" = octet_length(coalesce("content", '')) + octet_length(coalesce("tool_call_id", ''));
ALTER TABLE "agent_messages" ENABLE TRIGGER "agent_messages_sync";

ALTER TABLE "agent_tool_calls" DISABLE TRIGGER "agent_tool_calls_sync";
UPDATE "agent_tool_calls"
SET "stored_bytes" = octet_length("call_id") + octet_length("name") + octet_length("proposed_code")
  + octet_length(coalesce("executed_code", '')) + octet_length(coalesce("stdout", ''))
  + octet_length(coalesce("stderr", '')) + octet_length(coalesce("outputs"::text, ''))
  + octet_length(coalesce("skip_reason", ''));
ALTER TABLE "agent_tool_calls" ENABLE TRIGGER "agent_tool_calls_sync";
