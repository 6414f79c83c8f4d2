-- AlterTable
ALTER TABLE "usage_log" ADD COLUMN     "tool_result_bytes" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "agent_tool_calls" ADD COLUMN     "model_outputs" JSONB;
