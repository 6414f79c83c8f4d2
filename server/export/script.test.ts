import { expect, it } from "vitest";
import { buildScript } from "./script.ts";
import { demoSession } from "./test-session.ts";

it("writes the session as percent-format cells, answers as comments, skipped code commented out", () => {
  const script = buildScript(demoSession());
  const cells = script.split(/\n\n(?=# %%)/);
  expect(cells[0]).toMatch(
    /^# %% \[markdown\]\n# # How has Seattle's weather changed\?\n#\n# Exported from Ada on 2026-11-30 12:30 UTC\./,
  );
  expect(cells[0]).toContain("# - `/data/mine.csv`: uploaded");
  expect(cells[1]).toBe("# %% [markdown]\n# **Question:** How has Seattle's weather changed?\n# Be brief.");
  expect(cells[2]).toBe("# %% [markdown]\n# Let me look at the **first rows**.");
  expect(cells[3]).toMatch(/^# %% Cell 1\nimport csv\n/);
  expect(cells[4]).toBe('# %% Cell 2, which raised an error when it ran\nrows[0]["Temp_Max"]');
  expect(cells[7]).toBe(
    "# %% [markdown]\n# Skipped: not needed. It proposed:\n# import os\n# os.listdir('/')",
  );
  expect(cells[8]).toBe("# %% Cell 4\nprint(len(rows), 'rows')");
  expect(script.endsWith("# The highest temperature was **35.6 °C**.\n")).toBe(true);
});
