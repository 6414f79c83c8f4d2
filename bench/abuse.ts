/**
 * npm run bench:abuse — what abusive requests do to the production server, and what refused
 * requests write. First the token-count options on this machine (one string whole, bounded pieces,
 * slices with a budget). Then `/healthz` p50/p99 with no abuse, and while ten 2 MB prompts of one
 * letter and ten of special-token lookalikes are kept in flight (and, as a worst case for the
 * tokenizer, twenty of random letters). Then 1,000 requests refused with 400, 401, 413 and 429 on
 * both gateway routes, with every table's rows counted before and after. Writes
 * bench/results/abuse.md. Needs (or makes) a production build.
 */
import { startFakeModelServer } from "../server/test/fake-model-server.ts";
import {
  createKeyAccount,
  log,
  machine,
  ms,
  percentile,
  signInAnonymously,
  startBenchApp,
  writeReport,
} from "./harness.ts";
import { countingOptions, fill, MESSAGE_CHARS, type PromptKind, prompts } from "./token-counting.ts";

const ABUSE_SECONDS = 10;

const MODEL = "gpt-5.4-mini";
const fake = await startFakeModelServer();
const app = await startBenchApp({
  OPENAI_API_KEY: "bench",
  OPENAI_BASE_URL: fake.openaiBaseUrl,
  ANON_SIGNINS_PER_HOUR: "1000",
});
const { sql, origin } = app;

const json = (body: unknown) => JSON.stringify(body);
const twoMessages = (kind: PromptKind) =>
  json({
    model: MODEL,
    messages: [
      { role: "user", content: prompts[kind]() },
      { role: "user", content: prompts[kind]() },
    ],
  });

async function healthSamples(until: () => boolean) {
  const times: number[] = [];
  while (!until()) {
    const start = performance.now();
    await (await fetch(`${origin}/healthz`)).text();
    times.push(performance.now() - start);
  }
  return times;
}

/** Keeps `count` requests per kind in flight for ABUSE_SECONDS while /healthz is sampled. */
async function underAbuse(kinds: PromptKind[], count: number, key: string) {
  const bodies = kinds.flatMap((kind) => Array.from({ length: count }, () => twoMessages(kind)));
  const deadline = performance.now() + ABUSE_SECONDS * 1000;
  const statuses = new Map<number, number>();
  const latencies: number[] = [];
  const senders = bodies.map(async (body) => {
    while (performance.now() < deadline) {
      const start = performance.now();
      const response = await fetch(`${origin}/api/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body,
      });
      await response.text();
      latencies.push(performance.now() - start);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
  });
  let done = false;
  const health = healthSamples(() => done);
  await Promise.all(senders);
  done = true;
  return { health: await health, statuses, latencies };
}

async function tableNames() {
  const { rows } = await sql.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  );
  return rows.map((row) => row.name);
}

async function rowCounts(tables: string[]) {
  const counts = new Map<string, number>();
  for (const table of tables) {
    const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`);
    counts.set(table, rows[0]?.n ?? 0);
  }
  return counts;
}

/** Rows inserted, updated or deleted per table, as Postgres's statistics count them. */
async function writeCounts() {
  const { rows } = await sql.query<{ name: string; writes: number }>(
    `SELECT relname AS name, (n_tup_ins + n_tup_upd + n_tup_del)::int AS writes FROM pg_stat_user_tables`,
  );
  return new Map(rows.map((row) => [row.name, row.writes]));
}

/** Postgres publishes a backend's table statistics within about ten seconds of its last work. */
const statisticsSettle = () => new Promise((resolve) => setTimeout(resolve, 11_000));

try {
  log("counting options");
  const options = await countingOptions();

  const abuser = await createKeyAccount(sql, 20_000, "anon");
  log("/healthz, no abuse");
  for (let i = 0; i < 100; i++) await (await fetch(`${origin}/healthz`)).text();
  const quietUntil = performance.now() + ABUSE_SECONDS * 1000;
  const quiet = await healthSamples(() => performance.now() > quietUntil);
  const scenarios = [
    { name: "none", ...{ health: quiet, statuses: new Map<number, number>(), latencies: [] as number[] } },
  ];
  for (const [name, kinds, count] of [
    ["10 one-letter + 10 special-token prompts", ["one letter", "special-token lookalikes"], 10],
    ["20 random-letter prompts", ["random letters"], 20],
  ] as const) {
    log(`/healthz under abuse: ${name}`);
    scenarios.push({ name, ...(await underAbuse([...kinds], count, abuser.key)) });
  }

  log("refused requests");
  const spent = await createKeyAccount(sql, 20_000, "anon");
  await sql.query(`UPDATE quota_buckets SET used_tokens = limit_tokens WHERE account_id = $1`, [spent.id]);
  const browser = await signInAnonymously(origin);
  await sql.query(`UPDATE quota_buckets SET used_tokens = limit_tokens WHERE account_id = $1`, [browser.id]);
  const v1 = (body: string, key = spent.key) =>
    fetch(`${origin}/api/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body,
    });
  const inference = (body: string) =>
    fetch(`${origin}/api/inference`, {
      method: "POST",
      headers: { cookie: browser.cookie, "content-type": "application/json", origin },
      body,
    });
  const hi = [{ role: "user", content: "hi" }];
  const refusals: { name: string; count: number; send: () => Promise<Response> }[] = [
    { name: "malformed JSON (/api/v1)", count: 100, send: () => v1("{not json") },
    { name: "no messages (/api/v1)", count: 100, send: () => v1(json({ model: MODEL, messages: [] })) },
    {
      name: "unknown key (/api/v1)",
      count: 100,
      send: () => v1(json({ model: MODEL, messages: hi }), "sk-ada-x"),
    },
    {
      name: "unknown model (/api/inference)",
      count: 100,
      send: () => inference(json({ model: "x", messages: hi })),
    },
    { name: "body over 2 MB (/api/v1)", count: 50, send: () => v1(fill("x", 2_100_000)) },
    {
      name: "message over 1 MB (/api/inference)",
      count: 50,
      send: () =>
        inference(json({ model: MODEL, messages: [{ role: "user", content: fill("a", 1_100_000) }] })),
    },
    { name: "no quota left (/api/v1)", count: 250, send: () => v1(json({ model: MODEL, messages: hi })) },
    {
      name: "no quota left, new analysis (/api/inference)",
      count: 250,
      send: () => inference(json({ model: MODEL, messages: hi })),
    },
  ];
  const tables = await tableNames();
  await statisticsSettle();
  const rowsBefore = await rowCounts(tables);
  const writesBefore = await writeCounts();
  const refusalRows: string[] = [];
  for (const refusal of refusals) {
    const statuses = new Map<number, number>();
    for (let i = 0; i < refusal.count; i++) {
      const response = await refusal.send();
      await response.text();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
    const seen = [...statuses].map(([status, n]) => `${n} × ${status}`).join(", ");
    refusalRows.push(`| ${refusal.name} | ${refusal.count} | ${seen} |`);
    log(`${refusal.name}: ${seen}`);
  }
  await statisticsSettle();
  const rowsAfter = await rowCounts(tables);
  const writesAfter = await writeCounts();
  const tableRows = tables.map((table) => {
    const rows = (rowsAfter.get(table) ?? 0) - (rowsBefore.get(table) ?? 0);
    const writes = (writesAfter.get(table) ?? 0) - (writesBefore.get(table) ?? 0);
    return { table, before: rowsBefore.get(table) ?? 0, rows, writes };
  });
  const rowsWritten = tableRows.reduce((sum, row) => sum + Math.abs(row.rows), 0);
  const changed = tableRows.filter((row) => row.rows !== 0 || row.writes !== 0);
  log(`rows written by ${refusals.reduce((n, r) => n + r.count, 0)} refused requests: ${rowsWritten}`);

  const base = { p50: percentile(quiet, 50), p99: percentile(quiet, 99) };
  const healthRows = scenarios.map(({ name, health, statuses, latencies }) => {
    const p50 = percentile(health, 50);
    const p99 = percentile(health, 99);
    const outcomes = [...statuses].map(([status, n]) => `${n} × ${status}`).join(", ") || "—";
    const abusive = latencies.length
      ? `${ms(percentile(latencies, 50))} / ${ms(Math.max(...latencies))}`
      : "—";
    log(`${name}: /healthz p50 ${ms(p50)} ms, p99 ${ms(p99)} ms (${health.length} samples)`);
    return `| ${name} | ${health.length} | ${ms(p50)} / ${ms(p99)} | ${(p50 / base.p50).toFixed(2)} / ${(p99 / base.p99).toFixed(2)} | ${outcomes} | ${abusive} |`;
  });

  const report = `# Abuse benchmark

Run with \`npm run bench:abuse\` on ${new Date().toISOString().slice(0, 10)}.

**Machine:** ${await machine(sql)}. Client, fake model server, app and database share the machine.

## Counting options (in the benchmark's own process)

The prompt estimate's tokenizer (gpt-tokenizer, o200k) merges each run of letters, punctuation,
whitespace or CJK with a pass per merge: one string's cost grows with the square of its longest
run. "Longest stall" is the event loop's longest wait meanwhile (\`monitorEventLoopDelay\`). 2 MB
is two ${MESSAGE_CHARS.toLocaleString("en")}-character messages (random letters drawn afresh each
time, as the tokenizer caches merged pieces). Pieces are cut before whitespace where there is
some; past the 1 s budget the rest is bounded by its UTF-8 length.

| input, method | time (ms) | longest stall (ms) |
| --- | --- | --- |
${options.join("\n")}

The gateway counts in pieces of at most 256 characters (linear; ordinary text counts exactly), in
4 ms slices (the event loop is never held longer), within a 1 s budget per request (a prompt the
budget cannot count exactly is bounded by bytes, so no prompt costs more). Counting on a worker
thread would have kept the event loop free too, but at the same CPU cost on this 2-core machine,
with a second copy of the tokenizer's vocabulary and a worker bundle to ship.

## /healthz while abusive prompts are estimated

Each abusive request is two ${MESSAGE_CHARS.toLocaleString("en")}-character messages (just under
\`MAX_REQUEST_BYTES\`, each message under \`MAX_MESSAGE_BYTES\`) to \`/api/v1\` with a virtual key
of an account with 20,000 tokens; each sender sends its body again as soon as it is answered, for
${ABUSE_SECONDS} s (random letters: a different text for every sender). Meanwhile one client GETs \`/healthz\` in a loop. Ratios are against "none".

| abuse in flight | /healthz samples | /healthz p50 / p99 (ms) | ratio p50 / p99 | abusive answers | abusive latency p50 / max (ms) |
| --- | --- | --- | --- | --- | --- |
${healthRows.join("\n")}

## Rows written by refused requests

${refusals.reduce((n, r) => n + r.count, 0)} requests, each refused, one at a time: key requests on
\`/api/v1\`, and a signed-in visitor's requests on \`/api/inference\` (no \`session_id\`, so each would
start a new analysis). Every table's rows are counted before and after (${tables.length} tables), and
Postgres's statistics give each table's inserted, updated and deleted rows.

| request | sent | answers |
| --- | --- | --- |
${refusalRows.join("\n")}

**Rows written: ${rowsWritten}.** ${
    changed.length
      ? `Tables touched: ${changed.map((row) => `\`${row.table}\` (${row.rows >= 0 ? "+" : ""}${row.rows} rows, ${row.writes} rows written)`).join(", ")}.`
      : "No table was touched."
  }
`;
  await writeReport("abuse.md", report);
} finally {
  await app.stop();
  await fake.close();
}
process.exit(0);
