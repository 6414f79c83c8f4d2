/** `sessions.export`: one of the account's sessions as a notebook, a script or a report. */
import "server-only";
import { z } from "zod";
import { loadSession } from "./load-session.ts";
import { buildNotebook } from "./notebook.ts";
import { buildReport } from "./report.ts";
import { chartLibraries } from "./report-renderer.ts";
import { buildScript } from "./script.ts";
import { fileStem } from "./session-data.ts";

export const exportFormat = z.enum(["ipynb", "py", "html"]);
type ExportFormat = z.infer<typeof exportFormat>;

type ExportedFile = { fileName: string; mimeType: string; content: string };

export async function exportSession(
  accountId: string,
  id: string,
  format: ExportFormat,
): Promise<ExportedFile> {
  const session = await loadSession(id, accountId);
  const stem = fileStem(session.title);
  switch (format) {
    case "ipynb":
      return {
        fileName: `${stem}.ipynb`,
        mimeType: "application/x-ipynb+json",
        content: `${JSON.stringify(buildNotebook(session), null, 1)}\n`,
      };
    case "py":
      return { fileName: `${stem}.py`, mimeType: "text/x-python", content: buildScript(session) };
    case "html":
      return {
        fileName: `${stem}.html`,
        mimeType: "text/html",
        content: buildReport(session, chartLibraries()),
      };
  }
}
