/**
 * A cell's result. What is stored (and told to the model) is the code that actually ran, which
 * may differ from what the model proposed.
 */
import { z } from "zod";
import { db } from "../db.ts";
import { AppError } from "../errors.ts";
import type { Prisma } from "../generated/prisma/client.ts";

/** Code and each stream: the worker keeps 200,000 characters of a stream, the traceback comes on top. */
const TEXT_LIMIT = 250_000;
/** All of a cell's outputs as JSON; the worker stops at 8 MB of displays (app/_python/run-outputs.ts). */
const OUTPUTS_JSON_LIMIT = 10_000_000;

const jsonObject = z.record(z.string().max(200), z.unknown());

/** One Jupyter nbformat 4 output object (app/_python/outputs.ts). */
export const cellOutputSchema = z.discriminatedUnion("output_type", [
  z.object({
    output_type: z.literal("stream"),
    name: z.enum(["stdout", "stderr"]),
    text: z.string().max(TEXT_LIMIT),
  }),
  z.object({ output_type: z.literal("display_data"), data: jsonObject, metadata: jsonObject.default({}) }),
  z.object({
    output_type: z.literal("execute_result"),
    execution_count: z.number().int().nullable(),
    data: jsonObject,
    metadata: jsonObject.default({}),
  }),
  z.object({
    output_type: z.literal("error"),
    ename: z.string().max(1000),
    evalue: z.string().max(TEXT_LIMIT),
    traceback: z.array(z.string().max(TEXT_LIMIT)).max(2000),
  }),
]);

export const completeToolCallInput = z
  .object({
    id: z.uuid(),
    status: z.enum(["completed", "skipped", "error"]),
    executedCode: z.string().max(TEXT_LIMIT).nullable(),
    stdout: z.string().max(TEXT_LIMIT).default(""),
    stderr: z.string().max(TEXT_LIMIT).default(""),
    outputs: z
      .array(cellOutputSchema)
      .max(200)
      .default([])
      .refine((outputs) => JSON.stringify(outputs).length <= OUTPUTS_JSON_LIMIT, {
        message: `A cell's outputs may take at most ${OUTPUTS_JSON_LIMIT / 1_000_000} MB.`,
      }),
    /** Why the user skipped the cell, if they said. */
    skipReason: z.string().trim().max(500).nullish(),
  })
  .refine((input) => input.status === "skipped" || input.executedCode !== null, {
    message: "executedCode is required unless the cell was skipped",
    path: ["executedCode"],
  });

/** Postgres text and jsonb cannot hold NUL characters; program output may contain them. */
function withoutNul(value: unknown): unknown {
  if (typeof value === "string") return value.replaceAll("\u0000", "");
  if (Array.isArray(value)) return value.map(withoutNul);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [withoutNul(key), withoutNul(item)]),
    );
  }
  return value;
}

export async function completeToolCall(accountId: string, input: z.infer<typeof completeToolCallInput>) {
  const done = await db.agentToolCall.updateMany({
    where: { id: input.id, accountId, status: { in: ["pending", "running"] } },
    data: {
      status: input.status,
      executedCode: input.executedCode?.replaceAll("\u0000", "") ?? null,
      stdout: input.stdout.replaceAll("\u0000", ""),
      stderr: input.stderr.replaceAll("\u0000", ""),
      outputs: withoutNul(input.outputs) as Prisma.InputJsonValue,
      skipReason: input.status === "skipped" ? input.skipReason || null : null,
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
