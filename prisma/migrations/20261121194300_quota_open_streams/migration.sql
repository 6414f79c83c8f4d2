-- AlterTable
ALTER TABLE "quota_buckets" ADD COLUMN     "open_streams" INTEGER NOT NULL DEFAULT 0;
