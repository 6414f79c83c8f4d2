import { describe, expect, it } from "vitest";
import { db } from "../db.ts";
import { TestAuthClient } from "../test/auth-client.ts";
import { createSessionWithCell } from "../test/factories.ts";

async function accountWithCell() {
  const client = new TestAuthClient();
  const accountId = await client.signInAnonymously();
  return { api: await client.caller(), accountId, ...(await createSessionWithCell(accountId)) };
}

const realText = "alice@example.com 52000\n";
const real = [{ output_type: "stream" as const, name: "stdout" as const, text: realText }];
const masked = [{ output_type: "stream" as const, name: "stdout" as const, text: "‹private› 52000\n" }];

describe("toolCalls.complete with masked outputs (private columns)", () => {
  it("stores what the model is told beside what the cell showed, and counts both against storage", async () => {
    const { api, cell, accountId } = await accountWithCell();
    const before = await db.agentToolCall.findUniqueOrThrow({ where: { id: cell.id } });
    await api.toolCalls.complete({
      id: cell.id,
      status: "completed",
      executedCode: "print(df.iloc[0])",
      stdout: realText,
      outputs: real,
      modelOutputs: masked,
    });
    const stored = await db.agentToolCall.findUniqueOrThrow({ where: { id: cell.id } });
    expect(stored).toMatchObject({ outputs: real, modelOutputs: masked, accountId });
    const outputsBytes = Buffer.byteLength(JSON.stringify(real));
    const maskedBytes = Buffer.byteLength(JSON.stringify(masked));
    expect(stored.storedBytes - before.storedBytes).toBe(
      Buffer.byteLength("print(df.iloc[0])") + Buffer.byteLength(realText) + outputsBytes + maskedBytes,
    );
  });

  it("keeps no masked copy when nothing was private", async () => {
    const { api, cell } = await accountWithCell();
    await api.toolCalls.complete({ id: cell.id, status: "completed", executedCode: "1", outputs: real });
    expect((await db.agentToolCall.findUniqueOrThrow({ where: { id: cell.id } })).modelOutputs).toBeNull();
  });

  it("caps the masked copy like the outputs (413 naming it)", async () => {
    const { api, cell } = await accountWithCell();
    const huge = [{ output_type: "stream" as const, name: "stdout" as const, text: "x".repeat(300_000) }];
    await expect(
      api.toolCalls.complete({ id: cell.id, status: "completed", executedCode: "1", modelOutputs: huge }),
    ).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      message: expect.stringContaining("masked outputs[0]"),
    });
  });

  it("never writes another account's cell", async () => {
    const owner = await accountWithCell();
    const intruder = await accountWithCell();
    await expect(
      intruder.api.toolCalls.complete({
        id: owner.cell.id,
        status: "completed",
        executedCode: "1",
        modelOutputs: masked,
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const stored = await db.agentToolCall.findUniqueOrThrow({ where: { id: owner.cell.id } });
    expect(stored).toMatchObject({ status: "pending", modelOutputs: null });
  });
});
