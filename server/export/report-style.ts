/** The report's look: one column of readable text, light or dark as the reader's system is. */
import "server-only";

export const REPORT_CSS = `
:root { color-scheme: light dark; --text: #0f172a; --muted: #64748b; --border: #e2e8f0; --surface: #f8fafc;
  --accent: #2563eb; --critical: #b91c1c; --ok: #15803d; --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
@media (prefers-color-scheme: dark) { :root { --text: #e2e8f0; --muted: #94a3b8; --border: #334155;
  --surface: #111827; --accent: #60a5fa; --critical: #f87171; --ok: #4ade80; } body { background: #0b1120; } }
body { margin: 0; color: var(--text); font: 15px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; }
main { max-width: 920px; margin: 0 auto; padding: 32px 20px 64px; }
h1 { margin: 0 0 4px; font-size: 26px; line-height: 1.25; }
h2 { margin: 0 0 6px; font-size: 16px; }
header { padding-bottom: 16px; margin-bottom: 24px; border-bottom: 1px solid var(--border); }
.about { margin: 0; color: var(--muted); font-size: 13px; }
.replay { display: inline-block; margin: 10px 0; padding: 3px 10px; border: 1px solid var(--border); border-radius: 999px; font-size: 13px; }
.replay[data-ok="true"] { color: var(--ok); }
.replay[data-ok="false"] { color: var(--critical); }
.files { font-size: 14px; }
.files p, .files ul { margin: 4px 0; }
.question { margin: 24px 0 12px auto; max-width: 80%; width: fit-content; padding: 10px 14px; border-radius: 14px;
  background: color-mix(in srgb, var(--accent) 12%, transparent); white-space: pre-wrap; }
.answer { margin: 12px 0 24px; }
.markdown > :first-child { margin-top: 0; }
.markdown table, .table table { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; }
.markdown th, .markdown td, .table th, .table td { padding: 3px 8px; border-bottom: 1px solid var(--border); text-align: left; white-space: nowrap; }
.table .num { text-align: right; }
.table tbody th { font-weight: 600; color: var(--muted); }
.cell { margin: 12px 0; border: 1px solid var(--border); border-radius: 10px; overflow: hidden; }
.cell[data-status="skipped"], .cell[data-status="pending"], .cell[data-status="running"] { opacity: 0.75; }
.code > summary { padding: 6px 12px; background: var(--surface); color: var(--muted); font-size: 13px; cursor: pointer; }
.cell[data-status="error"] .code > summary { color: var(--critical); }
pre { margin: 0; overflow: auto; font: 13px/1.45 var(--mono); white-space: pre-wrap; overflow-wrap: anywhere; }
.code pre { padding: 10px 12px; border-top: 1px solid var(--border); }
.outputs { display: flex; flex-direction: column; gap: 10px; padding: 10px 12px; border-top: 1px solid var(--border); }
.output { min-width: 0; }
.stderr { color: var(--critical); }
.note, .caption { margin: 0 0 4px; color: var(--muted); font-size: 13px; }
.scroll { max-height: 480px; overflow: auto; }
.chart { overflow-x: auto; min-height: 40px; }
.chart-view { width: 100%; }
img { display: block; max-width: 100%; height: auto; border-radius: 6px; background: white; }
iframe.html { width: 100%; height: 300px; border: 1px solid var(--border); border-radius: 6px; background: white; resize: vertical; }
.verdict { padding: 6px 12px; border-top: 1px solid var(--border); font-size: 13px; color: var(--muted); }
.verdict[data-verdict="same"] { color: var(--ok); }
.verdict[data-verdict="different"], .verdict[data-verdict="error"] { color: var(--critical); }
.verdict pre { margin-top: 6px; color: var(--text); }
a { color: var(--accent); }
`;
