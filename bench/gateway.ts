/**
 * npm run bench:gateway — what the gateway adds, measured with the real `openai` client against
 * the fake model server (fixed time to first token and token rate): directly, and through the
 * production app's /api/v1 with a virtual key (auth, estimate, atomic debit, settlement all on).
 * Prints the floors (bare node:http, Next's /healthz, a plain UPDATE), added TTFT per concurrency,
 * CPU per streamed request (app and Postgres), sustained capacity, debit throughput against the
 * plain UPDATE, and overspend checks with one and two app processes. Writes bench/results/gateway.md.
 * Needs a production build (`npm run build`); builds one when none exists.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import OpenAI, { APIError } from "openai";
import { countPromptTokens } from "../server/inference/estimate.ts";
import { startFakeModelServer } from "../server/test/fake-model-server.ts";
import { debitRates } from "./debit-rate.ts";
import { closedLoop, openLoop, type Sample, stat, streamOnce } from "./gateway-load.ts";
import {
  createKeyAccount,
  log,
  machine,
  ms,
  percentile,
  startAppProcess,
  startBenchApp,
  writeReport,
} from "./harness.ts";
import { treeCpuMs } from "./process-cpu.ts";

const FIRST_TOKEN_MS = 20;
const TOKEN_INTERVAL_MS = 5;
const LEVELS = process.env.BENCH_LEVELS
  ? process.env.BENCH_LEVELS.split(",").map((c) => ({
      concurrency: Number(c),
      requests: Math.max(100, Number(c) * 4),
    }))
  : [
      { concurrency: 1, requests: 200 },
      { concurrency: 50, requests: 400 },
      { concurrency: 200, requests: 600 },
    ];
/** Requests per floor measurement (50 of them warm-up). */
const ROUND_TRIPS = 350;
const RATES = [50, 100, 150, 200, 300, 400, 600];
const TARGETS = { ttft: { 1: [5], 50: [20, 60], 200: [null, 300] }, appCpu: 2, pgCpu: 0.7, debit: 0.8 };
const MODEL = "gpt-5.4-mini";
const ANSWER = "The answer is forty-two, computed from the data.";
const prompt = `FAKE:${JSON.stringify({ text: ANSWER, pieceSize: 4, delayMs: FIRST_TOKEN_MS, chunkDelayMs: TOKEN_INTERVAL_MS, usage: { prompt: 40, completion: 12 } })}`;
const APP_ENV = { OPENAI_API_KEY: "bench", MAX_OPEN_STREAMS: "10000" };

const fake = await startFakeModelServer();
const app = await startBenchApp({ ...APP_ENV, OPENAI_BASE_URL: fake.openaiBaseUrl });
const { sql, port } = app;

/** Round-trip time of a trivial GET, p50/p99: the floor any HTTP hop on this machine costs. */
async function roundTrip(url: string) {
  for (let i = 0; i < 50; i++) await (await fetch(url)).text();
  const times: number[] = [];
  for (let i = 0; i < ROUND_TRIPS - 50; i++) {
    const start = performance.now();
    await (await fetch(url)).text();
    times.push(performance.now() - start);
  }
  return [percentile(times, 50), percentile(times, 99)] as const;
}

const client = (key: string, appPort: number) =>
  new OpenAI({ apiKey: key, baseURL: `http://127.0.0.1:${appPort}/api/v1`, maxRetries: 0 });

/** 200 concurrent streams at a bucket that pays for 20, spread over the given app ports. */
async function overspendCheck(ports: number[]) {
  const reservation = countPromptTokens({ messages: [{ role: "user", content: prompt }] }) + 300;
  const tight = await createKeyAccount(sql, 20 * reservation);
  const outcomes = await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      streamOnce(client(tight.key, ports[i % ports.length] ?? port), MODEL, prompt).then(
        () => "ok",
        (error: unknown) => (error instanceof APIError && error.status === 429 ? "refused" : "error"),
      ),
    ),
  );
  await waitForSettlements();
  const bucket = await sql.query(
    `SELECT used_tokens, limit_tokens, open_streams FROM quota_buckets WHERE account_id = $1`,
    [tight.id],
  );
  const charged = (
    await sql.query(`SELECT coalesce(sum(charged), 0)::int AS c FROM usage_log WHERE account_id = $1`, [
      tight.id,
    ])
  ).rows[0].c as number;
  const { used_tokens, limit_tokens, open_streams } = bucket.rows[0];
  const count = (outcome: string) => outcomes.filter((o) => o === outcome).length;
  const line = `${count("ok")} accepted, ${count("refused")} refused with 429, ${count("error")} errors; charged ${charged} of ${limit_tokens}, bucket used ${used_tokens}, open streams after ${open_streams}; **overspend ${Math.max(0, charged - limit_tokens)} tokens**`;
  log(`overspend check over ${ports.length} process(es): ${line}`);
  return line;
}

/** Settlement runs after each stream closes: wait until none is still open. */
async function waitForSettlements() {
  for (let i = 0; i < 100; i++) {
    const open = await sql.query(`SELECT count(*)::int AS n FROM usage_log WHERE status = 'open'`);
    if (open.rows[0].n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const verdict = (ok: boolean) => (ok ? "✓" : "✗");

try {
  const account = await createKeyAccount(sql, 2_000_000_000);
  const direct = new OpenAI({ apiKey: "bench", baseURL: fake.openaiBaseUrl, maxRetries: 0 });
  const gateway = client(account.key, port);
  const viaDirect = () => streamOnce(direct, MODEL, prompt);
  const viaGateway = () => streamOnce(gateway, MODEL, prompt);

  const plain = http.createServer((_request, response) => response.end('{"status":"ok"}'));
  await new Promise<void>((resolve) => plain.listen(0, "127.0.0.1", resolve));
  const plainRtt = await roundTrip(`http://127.0.0.1:${(plain.address() as AddressInfo).port}/`);
  plain.close();
  const healthCpu0 = treeCpuMs(app.pid);
  const nextRtt = await roundTrip(`http://127.0.0.1:${port}/healthz`);
  // The framework's own share: CPU per request of a route that does nothing.
  const healthCpu = (treeCpuMs(app.pid) - healthCpu0) / ROUND_TRIPS;
  log(
    `floor: node:http GET p50 ${ms(plainRtt[0])} ms, Next /healthz GET p50 ${ms(nextRtt[0])} ms and ${ms(healthCpu)} ms of app CPU`,
  );

  // Long enough that the JIT has compiled the hot paths: its compiler threads count as app CPU.
  log("warming up");
  await closedLoop(viaDirect, 20, 500);
  await closedLoop(viaGateway, 20, 500);

  const rows: string[] = [];
  for (const { concurrency, requests } of LEVELS) {
    const d = await closedLoop(viaDirect, concurrency, requests);
    const [app0, pg0] = [treeCpuMs(app.pid), treeCpuMs(app.databasePid)];
    const g = await closedLoop(viaGateway, concurrency, requests);
    await waitForSettlements();
    const appCpu = (treeCpuMs(app.pid) - app0) / requests;
    const pgCpu = (treeCpuMs(app.databasePid) - pg0) / requests;
    const added = (key: keyof Sample, p: number) => stat(g, key, p) - stat(d, key, p);
    const target = TARGETS.ttft[concurrency as 1 | 50 | 200];
    const met =
      target &&
      verdict(
        (target[0] == null || added("ttft", 50) <= target[0]) &&
          (target[1] == null || added("ttft", 99) <= target[1]),
      );
    rows.push(
      `| ${concurrency} | ${requests} | ${ms(stat(d, "ttft", 50))} / ${ms(stat(d, "ttft", 99))} | ${ms(stat(g, "ttft", 50))} / ${ms(stat(g, "ttft", 99))} | **${ms(added("ttft", 50))} / ${ms(added("ttft", 99))}** | ${target ? `${target.map((t) => t ?? "–").join(" / ")} ${met}` : ""} | ${(stat(g, "ttft", 50) / stat(d, "ttft", 50)).toFixed(2)} | ${ms(added("total", 50))} / ${ms(added("total", 99))} | ${ms(appCpu)} ${verdict(appCpu <= TARGETS.appCpu)} | ${ms(pgCpu)} ${verdict(pgCpu <= TARGETS.pgCpu)} |`,
    );
    log(
      `concurrency ${concurrency}: added TTFT p50 ${ms(added("ttft", 50))} ms, p99 ${ms(added("ttft", 99))} ms; CPU per request: app ${ms(appCpu)} ms, Postgres ${ms(pgCpu)} ms`,
    );
  }

  // Sustained capacity: open-loop rates until the p99 added TTFT passes 100 ms.
  const capacityRows: string[] = [];
  let capacity = 0;
  for (const rate of RATES) {
    const d = await openLoop(viaDirect, rate, 4);
    const g = await openLoop(viaGateway, rate, 4);
    const addedP99 = stat(g.samples, "ttft", 99) - stat(d.samples, "ttft", 99);
    const ok = addedP99 <= 100 && g.errors === 0;
    capacityRows.push(
      `| ${rate}/s | ${ms(stat(g.samples, "ttft", 50))} / ${ms(stat(g.samples, "ttft", 99))} | ${ms(addedP99)} | ${g.errors} | ${verdict(ok)} |`,
    );
    log(`open loop ${rate}/s: added TTFT p99 ${ms(addedP99)} ms, ${g.errors} errors`);
    await waitForSettlements();
    if (!ok) break;
    capacity = rate;
  }
  const statuses = await sql.query(
    `SELECT status, count(*)::int AS n FROM usage_log WHERE account_id = $1 GROUP BY status ORDER BY status`,
    [account.id],
  );
  const statusLine = statuses.rows.map((row) => `${row.n} ${row.status}`).join(", ");

  const oneProcess = await overspendCheck([port]);
  const second = await startAppProcess(app.databaseUrl, { ...APP_ENV, OPENAI_BASE_URL: fake.openaiBaseUrl });
  const twoProcesses = await overspendCheck([port, second.port]).finally(() => second.stop());

  process.env.DATABASE_URL = app.databaseUrl;
  const debit = await debitRates(sql, MODEL);
  const hotRatio = debit.hotReserve / debit.hotPlain;
  const spreadRatio = debit.spreadReserve / debit.spreadPlain;
  log(
    `debits/s: hot ${debit.hotReserve.toFixed(0)} vs plain UPDATE ${debit.hotPlain.toFixed(0)} (${hotRatio.toFixed(2)}); 1000 buckets ${debit.spreadReserve.toFixed(0)} vs ${debit.spreadPlain.toFixed(0)} (${spreadRatio.toFixed(2)})`,
  );

  const report = `# Gateway benchmark

Run with \`npm run bench:gateway\` on ${new Date().toISOString().slice(0, 10)}.

**Machine:** ${await machine(sql)}. Client, fake upstream, app and database share the machine.

**Method:** the real \`openai\` client streams a chat completion (\`${MODEL}\`) from the fake model server, which answers after ${FIRST_TOKEN_MS} ms and sends a chunk every ${TOKEN_INTERVAL_MS} ms (${ANSWER.length / 4} text chunks). *Direct* calls the fake; *gateway* calls the app's \`/api/v1/chat/completions\` with a virtual key, so each request pays key lookup, prompt estimate, the atomic reservation, proxying and settlement. TTFT is the time from the call to the first chunk; added latency is gateway minus direct at the same percentile. CPU per request is the CPU time of the app's process tree (and of Postgres's) during the gateway run, divided by its requests. Warm-up: 500 requests each way.

**Floor:** a trivial GET answered by a bare \`node:http\` server takes ${ms(plainRtt[0])} / ${ms(plainRtt[1])} ms (p50 / p99) here; the same through this app's Next.js server (\`/healthz\`, no database) takes ${ms(nextRtt[0])} / ${ms(nextRtt[1])} ms and ${ms(healthCpu)} ms of the app's CPU per request: the framework's share of every CPU figure below.

| concurrency | requests | direct TTFT p50 / p99 (ms) | gateway TTFT p50 / p99 (ms) | added TTFT p50 / p99 (ms) | target (ms) | TTFT ratio p50 | added total p50 / p99 (ms) | app CPU / request (ms, ≤ ${TARGETS.appCpu}) | Postgres CPU / request (ms, ≤ ${TARGETS.pgCpu}) |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join("\n")}

Gateway requests by final status: ${statusLine}.

**Sustained capacity** (open loop: requests start at a fixed rate for 4 s, direct and through the gateway): **${capacity} requests/s** is the highest rate tried at which the added p99 TTFT stays ≤ 100 ms with no errors.

| rate | gateway TTFT p50 / p99 (ms) | added TTFT p99 (ms) | errors | ≤ 100 ms |
| --- | --- | --- | --- | --- |
${capacityRows.join("\n")}

**Debit throughput** (16 concurrent callers through the app's Prisma client, 3 s each; the floor is a plain \`UPDATE … SET used = used + 100 WHERE id = $1 AND used + 100 <= lim\` on a table without triggers): one hot bucket **${debit.hotReserve.toFixed(0)}/s** vs ${debit.hotPlain.toFixed(0)}/s plain = **${(hotRatio * 100).toFixed(0)} %** ${verdict(hotRatio >= TARGETS.debit)}; spread over 1000 buckets **${debit.spreadReserve.toFixed(0)}/s** vs ${debit.spreadPlain.toFixed(0)}/s = **${(spreadRatio * 100).toFixed(0)} %** ${verdict(spreadRatio >= TARGETS.debit)} (target ≥ ${TARGETS.debit * 100} %).

**Overspend**, 200 concurrent streams against a bucket that pays for 20 full reservations (settled requests hand back what they did not use):
- one app process: ${oneProcess};
- two app processes on one database, requests alternating between them: ${twoProcesses}.
`;
  await writeReport("gateway.md", report);
} finally {
  await app.stop();
  await fake.close();
}
process.exit(0);
