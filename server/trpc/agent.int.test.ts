import { describe, expect, it } from "vitest";
import { db } from "../db.ts";
import { TestAuthClient } from "../test/auth-client.ts";
import { createSessionWithCell } from "../test/factories.ts";

/** An account with one session holding one pending `python_run` cell. */
async function accountWithCell() {
  const client = new TestAuthClient();
  const accountId = await client.signInAnonymously();
  return { api: await client.caller(), accountId, ...(await createSessionWithCell(accountId)) };
}

describe("toolCalls.complete", () => {
  it("stores the executed code and the run's output, once", async () => {
    const { api, cell } = await accountWithCell();
    const result = {
      id: cell.id,
      status: "completed" as const,
      executedCode: "print(sum(range(100)))",
      stdout: "4950\n",
      stderr: "",
      outputs: [
        { output_type: "stream" as const, name: "stdout" as const, text: "4950\n" },
        {
          output_type: "display_data" as const,
          data: { "image/png": "iVBORw0KGgo=", "text/plain": "<Figure>" },
          metadata: {},
        },
        {
          output_type: "execute_result" as const,
          execution_count: null,
          data: { "application/vnd.dataresource+json": { schema: { fields: [] }, data: [] } },
          metadata: { "application/vnd.dataresource+json": { rows: 0 } },
        },
      ],
    };
    expect(await api.toolCalls.complete(result)).toEqual({ id: cell.id, status: "completed" });
    const stored = await db.agentToolCall.findUniqueOrThrow({ where: { id: cell.id } });
    expect(stored).toMatchObject({
      status: "completed",
      proposedCode: "print(sum(range(10)))",
      executedCode: "print(sum(range(100)))",
      stdout: "4950\n",
      outputs: result.outputs,
    });
    expect(stored.completedAt).toBeInstanceOf(Date);
    await expect(api.toolCalls.complete({ ...result, stdout: "changed" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect((await db.agentToolCall.findUniqueOrThrow({ where: { id: cell.id } })).stdout).toBe("4950\n");
  });

  it("records a skipped cell without code, with the reason the user gave", async () => {
    const { api, cell } = await accountWithCell();
    await api.toolCalls.complete({
      id: cell.id,
      status: "skipped",
      executedCode: null,
      skipReason: "  Use the 2020 file  ",
    });
    expect(await db.agentToolCall.findUniqueOrThrow({ where: { id: cell.id } })).toMatchObject({
      status: "skipped",
      executedCode: null,
      skipReason: "Use the 2020 file",
    });
  });

  it("stores output with NUL characters without them, and refuses outputs that are not nbformat", async () => {
    const { api, cell } = await accountWithCell();
    await expect(
      api.toolCalls.complete({
        id: cell.id,
        status: "completed",
        executedCode: "x",
        // @ts-expect-error: the old shape is refused
        outputs: { value: "1", figures: [], tables: [] },
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await api.toolCalls.complete({
      id: cell.id,
      status: "completed",
      executedCode: "print('a\u0000b')",
      stdout: "a\u0000b\n",
      outputs: [
        { output_type: "stream", name: "stdout", text: "a\u0000b\n" },
        { output_type: "display_data", data: { "text/plain": "c\u0000d", "x\u0000": 1 }, metadata: {} },
      ],
    });
    expect(await db.agentToolCall.findUniqueOrThrow({ where: { id: cell.id } })).toMatchObject({
      executedCode: "print('ab')",
      stdout: "ab\n",
      outputs: [
        { output_type: "stream", name: "stdout", text: "ab\n" },
        { output_type: "display_data", data: { "text/plain": "cd", x: 1 }, metadata: {} },
      ],
    });
  });

  it("rejects a run without its code, and another account's cell as missing", async () => {
    const owner = await accountWithCell();
    await expect(
      owner.api.toolCalls.complete({ id: owner.cell.id, status: "completed", executedCode: null }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });

    const intruder = await accountWithCell();
    await expect(
      intruder.api.toolCalls.complete({ id: owner.cell.id, status: "completed", executedCode: "import os" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await db.agentToolCall.findUniqueOrThrow({ where: { id: owner.cell.id } })).status).toBe(
      "pending",
    );
  });
});

describe("sessions.rename / sessions.delete", () => {
  it("renames and deletes the caller's own session, with its messages and cells", async () => {
    const { api, session, cell } = await accountWithCell();
    await api.sessions.rename({ id: session.id, title: "  Iris petals  " });
    expect((await db.agentSession.findUniqueOrThrow({ where: { id: session.id } })).title).toBe(
      "Iris petals",
    );
    await api.sessions.delete({ id: session.id });
    expect(await db.agentSession.findUnique({ where: { id: session.id } })).toBeNull();
    expect(await db.agentToolCall.findUnique({ where: { id: cell.id } })).toBeNull();
  });

  it("never touches another account's session", async () => {
    const owner = await accountWithCell();
    const intruder = await accountWithCell();
    await expect(intruder.api.sessions.rename({ id: owner.session.id, title: "mine" })).rejects.toMatchObject(
      {
        code: "NOT_FOUND",
      },
    );
    await expect(intruder.api.sessions.delete({ id: owner.session.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await db.agentSession.findUniqueOrThrow({ where: { id: owner.session.id } })).title).toBe("Iris");
  });
});
