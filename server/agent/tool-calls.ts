/**
 * A cell's result. What is stored (and told to the model) is the code that actually ran, which
 * may differ from what the model proposed.
 */
import { z } from "zod";
import { db } from "../db.ts";
import { AppError } from "../errors.ts";
import type { Prisma } from "../generated/prisma/client.ts";

const OUTPUT_TEXT_LIMIT = 200_000;

export const cellOutputsSchema = z.object({
  /** repr of the last expression, when it had one. */
  value: z.string().max(OUTPUT_TEXT_LIMIT).nullish(),
  /** Figures as base64 PNG (matplotlib, Agg). */
  figures: z
    .array(z.object({ png: z.string().max(2_000_000) }))
    .max(20)
    .default([]),
  /** DataFrames as HTML tables (first rows). */
  tables: z
    .array(z.object({ html: z.string().max(OUTPUT_TEXT_LIMIT) }))
    .max(20)
    .default([]),
});

export const completeToolCallInput = z
  .object({
    id: z.uuid(),
    status: z.enum(["completed", "skipped", "error"]),
    executedCode: z.string().max(OUTPUT_TEXT_LIMIT).nullable(),
    stdout: z.string().max(OUTPUT_TEXT_LIMIT).default(""),
    stderr: z.string().max(OUTPUT_TEXT_LIMIT).default(""),
    outputs: cellOutputsSchema.default({ figures: [], tables: [] }),
  })
  .refine((input) => input.status === "skipped" || input.executedCode !== null, {
    message: "executedCode is required unless the cell was skipped",
    path: ["executedCode"],
  });

export async function completeToolCall(accountId: string, input: z.infer<typeof completeToolCallInput>) {
  const done = await db.agentToolCall.updateMany({
    where: { id: input.id, accountId, status: { in: ["pending", "running"] } },
    data: {
      status: input.status,
      executedCode: input.executedCode,
      stdout: input.stdout,
      stderr: input.stderr,
      outputs: input.outputs as Prisma.InputJsonValue,
      completedAt: new Date(),
    },
  });
  if (done.count === 1) return { id: input.id, status: input.status };
  const existing = await db.agentToolCall.findFirst({
    where: { id: input.id, accountId },
    select: { status: true },
  });
  if (!existing) throw new AppError("NOT_FOUND", "No such tool call.");
  throw new AppError("CONFLICT", `This cell was already ${existing.status}.`);
}
