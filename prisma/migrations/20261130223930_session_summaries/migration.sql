-- AlterTable
ALTER TABLE "agent_messages" ADD COLUMN     "summarized_turns" INTEGER;
