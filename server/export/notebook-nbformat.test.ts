/**
 * The exported notebook is valid under Jupyter's own validator: Debian's python3-nbformat
 * (installed by .ci/run). A missing validator fails this test: a skipped check would hide it.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { buildNotebook } from "./notebook.ts";
import { CELL_IDS, demoSession } from "./test-session.ts";

const PYTHON = "/usr/bin/python3";
const INSTALL = "Install it with `apt-get install python3-nbformat`.";
const VALIDATE = `
import json, sys, nbformat
with open(sys.argv[1]) as f:
    raw = json.load(f)
nbformat.validate(raw, version=4, version_minor=5, relax_add_props=False)
nb = nbformat.reads(json.dumps(raw), as_version=nbformat.NO_CONVERT)
print(nb.nbformat, nb.nbformat_minor, len(nb.cells))
`;

const folder = mkdtempSync(path.join(tmpdir(), "ada-notebook-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

it("passes nbformat.validate, with every output type and a replay", () => {
  expect(existsSync(PYTHON), `${PYTHON} is missing. ${INSTALL}`).toBe(true);
  const session = demoSession({
    replay: {
      replayedAt: new Date("2026-11-30T12:00:00Z"),
      cells: [{ cellId: CELL_IDS.table, verdict: "same", diff: "" }],
    },
  });
  const notebook = buildNotebook(session);
  const file = path.join(folder, "demo.ipynb");
  writeFileSync(file, JSON.stringify(notebook));
  const run = spawnSync(PYTHON, ["-c", VALIDATE, file], { encoding: "utf8", timeout: 60_000 });
  expect(run.status, `nbformat rejected the notebook:\n${run.stderr}\n${INSTALL}`).toBe(0);
  expect(run.stdout.trim()).toBe(`4 5 ${notebook.cells.length}`);
}, 90_000);
