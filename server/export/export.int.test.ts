import { describe, expect, it } from "vitest";
import { signInUser } from "../test/admin.ts";
import { createSessionWithCell } from "../test/factories.ts";
import { createTRPCContext } from "../trpc/init.ts";
import { createCaller } from "../trpc/root.ts";

/** An account with a session whose one cell ran and drew a chart. */
async function ownerWithRunCell() {
  const owner = await signInUser("exporter");
  const { session, cell } = await createSessionWithCell(owner.id, "Sums");
  await owner.api.toolCalls.complete({
    id: cell.id,
    status: "completed",
    executedCode: "print(sum(range(10)))",
    stdout: "45\n",
    outputs: [
      { output_type: "stream", name: "stdout", text: "45\n" },
      {
        output_type: "display_data",
        data: { "application/vnd.vegalite.v6+json": { mark: "point", data: { values: [{ a: 1 }] } } },
        metadata: {},
      },
    ],
  });
  return { ...owner, sessionId: session.id, cellId: cell.id };
}

describe("sessions.export", () => {
  it("gives the owner the session as a notebook, a script and a report", async () => {
    const owner = await ownerWithRunCell();
    const notebook = await owner.api.sessions.export({ id: owner.sessionId, format: "ipynb" });
    expect(notebook).toMatchObject({ fileName: "sums.ipynb", mimeType: "application/x-ipynb+json" });
    const parsed = JSON.parse(notebook.content);
    expect(parsed.cells.find((cell: { cell_type: string }) => cell.cell_type === "code")).toMatchObject({
      source: "print(sum(range(10)))",
      execution_count: 1,
      outputs: [{ output_type: "stream", name: "stdout", text: "45\n" }, { output_type: "display_data" }],
    });
    const script = await owner.api.sessions.export({ id: owner.sessionId, format: "py" });
    expect(script.content).toContain("# %% Cell 1\nprint(sum(range(10)))");
    const report = await owner.api.sessions.export({ id: owner.sessionId, format: "html" });
    expect(report).toMatchObject({ fileName: "sums.html", mimeType: "text/html" });
    // The chart renderer is inlined: vega, vega-lite and vega-embed.
    expect(report.content).toContain("vegaEmbed");
    expect(report.content.length).toBeGreaterThan(500_000);
  });

  it("lets no other account export a session, or record or read its replay", async () => {
    const owner = await ownerWithRunCell();
    const other = await signInUser("stranger");
    for (const format of ["ipynb", "py", "html"] as const) {
      await expect(other.api.sessions.export({ id: owner.sessionId, format })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
    }
    const cells = [{ cellId: owner.cellId, verdict: "same" as const }];
    await expect(other.api.sessions.recordReplay({ id: owner.sessionId, cells })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(other.api.sessions.replay({ id: owner.sessionId })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const signedOut = createCaller(await createTRPCContext({ headers: new Headers() }));
    await expect(signedOut.sessions.export({ id: owner.sessionId, format: "py" })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });
});

describe("sessions.recordReplay", () => {
  it("keeps the last replay, which the exports then report", async () => {
    const owner = await ownerWithRunCell();
    expect(await owner.api.sessions.replay({ id: owner.sessionId })).toBeNull();
    await owner.api.sessions.recordReplay({
      id: owner.sessionId,
      cells: [{ cellId: owner.cellId, verdict: "different", diff: "-45\n+46" }],
    });
    await owner.api.sessions.recordReplay({
      id: owner.sessionId,
      cells: [{ cellId: owner.cellId, verdict: "same" }],
    });
    const replay = await owner.api.sessions.replay({ id: owner.sessionId });
    expect(replay).toEqual({
      replayedAt: expect.any(Date),
      cells: [{ cellId: owner.cellId, verdict: "same", diff: "" }],
    });
    const script = await owner.api.sessions.export({ id: owner.sessionId, format: "py" });
    expect(script.content).toMatch(/# Replayed ✓ on \d{4}-\d\d-\d\d \d\d:\d\d UTC\./);
  });

  it("refuses cells that are not this session's cells that ran", async () => {
    const owner = await ownerWithRunCell();
    const { cell: pending } = await createSessionWithCell(owner.id);
    await expect(
      owner.api.sessions.recordReplay({
        id: owner.sessionId,
        cells: [{ cellId: pending.id, verdict: "same" }],
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("not a cell that ran") });
    await expect(
      owner.api.sessions.recordReplay({
        id: owner.sessionId,
        cells: [
          { cellId: owner.cellId, verdict: "same" },
          { cellId: owner.cellId, verdict: "same" },
        ],
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
