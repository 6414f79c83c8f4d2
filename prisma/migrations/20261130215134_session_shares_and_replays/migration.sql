-- CreateTable
CREATE TABLE "session_shares" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "session_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "token_prefix" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "session_shares_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "session_replays" (
    "session_id" UUID NOT NULL,
    "replayed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cells" JSONB NOT NULL,

    CONSTRAINT "session_replays_pkey" PRIMARY KEY ("session_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "session_shares_token_hash_key" ON "session_shares"("token_hash");

-- CreateIndex
CREATE INDEX "session_shares_session_id_created_at_idx" ON "session_shares"("session_id", "created_at");

-- CreateIndex
CREATE INDEX "session_shares_created_at_idx" ON "session_shares"("created_at");

-- AddForeignKey
ALTER TABLE "session_shares" ADD CONSTRAINT "session_shares_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "agent_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_replays" ADD CONSTRAINT "session_replays_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "agent_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
