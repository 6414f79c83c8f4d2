/**
 * A cell's result. What is stored (and told to the model) is the code that actually ran, which
 * may differ from what the model proposed. Each part is capped (413, naming the part), and the
 * result needs room in the account's storage.
 */
import "server-only";
import { z } from "zod";
import type { CellOutput } from "#common/nbformat-outputs.ts";
import { AppError } from "../app-error.ts";
import { db } from "../db.ts";
import { env } from "../env.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { claimStorage, utf8Bytes } from "./storage.ts";

const jsonObject = z.record(z.string().max(200), z.unknown());

/** One Jupyter nbformat 4 output object (common/nbformat-outputs.ts). Sizes are checked after parsing. */
export const cellOutputSchema = z.discriminatedUnion("output_type", [
  z.object({ output_type: z.literal("stream"), name: z.enum(["stdout", "stderr"]), text: z.string() }),
  z.object({ output_type: z.literal("display_data"), data: jsonObject, metadata: jsonObject.default({}) }),
  z.object({
    output_type: z.literal("execute_result"),
    execution_count: z.number().int().nullable(),
    data: jsonObject,
    metadata: jsonObject.default({}),
  }),
  z.object({
    output_type: z.literal("error"),
    ename: z.string(),
    evalue: z.string(),
    traceback: z.array(z.string()),
  }),
]) satisfies z.ZodType<CellOutput>;

export const completeToolCallInput = z
  .object({
    id: z.uuid(),
    status: z.enum(["completed", "skipped", "error"]),
    executedCode: z.string().nullable(),
    stdout: z.string().default(""),
    stderr: z.string().default(""),
    outputs: z.array(cellOutputSchema).default([]),
    /** The outputs as the model is told them, private columns masked (app/_python/masking.ts). */
    modelOutputs: z.array(cellOutputSchema).nullish(),
    /** Why the user skipped the cell, if they said. */
    skipReason: z.string().trim().max(500).nullish(),
  })
  .refine((input) => input.status === "skipped" || input.executedCode !== null, {
    message: "executedCode is required unless the cell was skipped",
    path: ["executedCode"],
  });
type CellResult = z.infer<typeof completeToolCallInput>;

const tooLarge = (message: string) => new AppError("PAYLOAD_TOO_LARGE", message);
const skipReasonOf = (input: CellResult) => (input.status === "skipped" ? input.skipReason || null : null);
const count = (n: number) => n.toLocaleString("en");

/** What an output is, for a message about it: its kind and MIME types. */
function partName(output: CellOutput, index: number) {
  const mimes = "data" in output ? `: ${Object.keys(output.data).join(", ")}` : "";
  return `outputs[${index}] (${output.output_type}${mimes})`;
}

/**
 * Refuses a result with a part past its cap: code, stdout, stderr, a stream's or an error's text
 * (MAX_CELL_TEXT_CHARS), and each rich output, or all of them, as JSON (MAX_CELL_OUTPUTS_CHARS).
 * Characters, the unit the browser's own caps count in (app/_python/run-outputs.ts), so what those
 * caps keep fits. Returns the bytes the result adds to the account's storage.
 */
function measureResult(input: CellResult) {
  const texts: [string, number][] = [
    ["executedCode", input.executedCode?.length ?? 0],
    ["stdout", input.stdout.length],
    ["stderr", input.stderr.length],
  ];
  for (const [part, length] of texts) checkText(part, length);
  return (
    utf8Bytes(input.executedCode, input.stdout, input.stderr, skipReasonOf(input)) +
    measureOutputs(input.outputs, "") +
    (input.modelOutputs ? measureOutputs(input.modelOutputs, "masked ") : 0)
  );
}

function checkText(part: string, length: number) {
  const textCap = env.MAX_CELL_TEXT_CHARS;
  if (length > textCap) {
    throw tooLarge(`The cell's ${part} has ${count(length)} characters; at most ${count(textCap)} are kept.`);
  }
}

/** Checks one list of outputs against the caps; returns its UTF-8 bytes as JSON. */
function measureOutputs(outputs: CellOutput[], which: string) {
  outputs.forEach((output, index) => {
    if (output.output_type === "stream") checkText(which + partName(output, index), output.text.length);
    if (output.output_type === "error") {
      const length = [output.ename, output.evalue, ...output.traceback].reduce((n, t) => n + t.length, 0);
      checkText(which + partName(output, index), length);
    }
  });
  const outputsCap = env.MAX_CELL_OUTPUTS_CHARS;
  // As JSON: the array's brackets and commas, then each output.
  let outputsChars = 2 + Math.max(0, outputs.length - 1);
  let outputsBytes = outputsChars;
  outputs.forEach((output, index) => {
    const json = JSON.stringify(output);
    if (json.length > outputsCap) {
      throw tooLarge(
        `The cell's ${which}${partName(output, index)} takes ${count(json.length)} characters as JSON; ` +
          `at most ${count(outputsCap)} are kept.`,
      );
    }
    outputsChars += json.length;
    outputsBytes += utf8Bytes(json);
  });
  if (outputsChars > outputsCap) {
    throw tooLarge(
      `The cell's ${which}outputs take ${count(outputsChars)} characters as JSON; at most ${count(outputsCap)} are kept per cell.`,
    );
  }
  return outputsBytes;
}

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

/** Why a cell cannot take a result: not the caller's (missing), or resolved already. */
async function refusal(tx: Prisma.TransactionClient, accountId: string, id: string) {
  const existing = await tx.agentToolCall.findFirst({ where: { id, accountId }, select: { status: true } });
  if (!existing) return new AppError("NOT_FOUND", "No such tool call.");
  if (existing.status === "pending" || existing.status === "running") return null;
  return new AppError("CONFLICT", `This cell was already ${existing.status}.`);
}

export async function completeToolCall(accountId: string, input: CellResult) {
  const adding = measureResult(input);
  return db.$transaction(async (tx) => {
    const refused = await refusal(tx, accountId, input.id);
    if (refused) throw refused;
    await claimStorage(tx, accountId, adding, "cell result");
    const done = await tx.agentToolCall.updateMany({
      where: { id: input.id, accountId, status: { in: ["pending", "running"] } },
      data: {
        status: input.status,
        executedCode: input.executedCode?.replaceAll("\u0000", "") ?? null,
        stdout: input.stdout.replaceAll("\u0000", ""),
        stderr: input.stderr.replaceAll("\u0000", ""),
        outputs: withoutNul(input.outputs) as Prisma.InputJsonValue,
        modelOutputs: input.modelOutputs
          ? (withoutNul(input.modelOutputs) as Prisma.InputJsonValue)
          : Prisma.DbNull,
        skipReason: skipReasonOf(input),
        completedAt: new Date(),
        storedBytes: { increment: adding },
      },
    });
    // Resolved (or deleted) by a concurrent request in between.
    if (done.count === 0) {
      throw (
        (await refusal(tx, accountId, input.id)) ??
        new AppError("CONFLICT", "This cell was resolved meanwhile.")
      );
    }
    return { id: input.id, status: input.status };
  });
}
