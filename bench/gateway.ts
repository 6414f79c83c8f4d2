/**
 * npm run bench:gateway — what the gateway adds, measured with the real `openai` client against
 * the fake model server (fixed time to first token and token rate): directly, and through the
 * production app's /api/v1 with a virtual key (auth, estimate, atomic debit, settlement all on).
 * Then raw debit throughput, and an overspend check. Writes bench/results/gateway.md.
 * Needs a production build (`npm run build`); builds one when none exists.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import OpenAI, { APIError } from "openai";
import { countPromptTokens } from "../server/inference/estimate.ts";
import { startFakeModelServer } from "../server/test/fake-model-server.ts";
import { createKeyAccount, log, machine, ms, percentile, startBenchApp, writeReport } from "./harness.ts";

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
const MODEL = "gpt-5.4-mini";
const prompt = `FAKE:${JSON.stringify({ text: "The answer is forty-two, computed from the data.", pieceSize: 4, delayMs: FIRST_TOKEN_MS, chunkDelayMs: TOKEN_INTERVAL_MS, usage: { prompt: 40, completion: 12 } })}`;

const fake = await startFakeModelServer();
const app = await startBenchApp({
  OPENAI_API_KEY: "bench",
  OPENAI_BASE_URL: fake.openaiBaseUrl,
  MAX_OPEN_STREAMS: "10000",
});
const { sql, port } = app;

type Sample = { ttft: number; total: number };

async function streamOnce(client: OpenAI): Promise<Sample> {
  const start = performance.now();
  const stream = await client.chat.completions.create({
    model: MODEL,
    messages: [{ role: "user", content: prompt }],
    max_tokens: 300,
    stream: true,
  });
  let ttft = 0;
  for await (const _chunk of stream) ttft ||= performance.now() - start;
  return { ttft, total: performance.now() - start };
}

async function run(client: OpenAI, concurrency: number, requests: number) {
  const samples: Sample[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        next++;
        samples.push(await streamOnce(client));
      }
    }),
  );
  return samples;
}

/** Round-trip time of a trivial GET, p50/p99: the floor any HTTP hop on this machine costs. */
async function roundTrip(url: string) {
  for (let i = 0; i < 50; i++) await (await fetch(url)).text();
  const times: number[] = [];
  for (let i = 0; i < 300; i++) {
    const start = performance.now();
    await (await fetch(url)).text();
    times.push(performance.now() - start);
  }
  return [percentile(times, 50), percentile(times, 99)] as const;
}

try {
  const account = await createKeyAccount(sql, 2_000_000_000);
  const direct = new OpenAI({ apiKey: "bench", baseURL: fake.openaiBaseUrl, maxRetries: 0 });
  const gateway = new OpenAI({
    apiKey: account.key,
    baseURL: `http://127.0.0.1:${port}/api/v1`,
    maxRetries: 0,
  });

  const plain = http.createServer((_request, response) => response.end('{"status":"ok"}'));
  await new Promise<void>((resolve) => plain.listen(0, "127.0.0.1", resolve));
  const plainRtt = await roundTrip(`http://127.0.0.1:${(plain.address() as AddressInfo).port}/`);
  plain.close();
  const nextRtt = await roundTrip(`http://127.0.0.1:${port}/healthz`);
  log(`floor: node:http GET p50 ${ms(plainRtt[0])} ms, Next /healthz GET p50 ${ms(nextRtt[0])} ms`);

  log("warming up");
  await run(direct, 10, 100);
  await run(gateway, 10, 100);

  const rows: string[] = [];
  for (const { concurrency, requests } of LEVELS) {
    const d = await run(direct, concurrency, requests);
    const g = await run(gateway, concurrency, requests);
    const stat = (s: Sample[], key: keyof Sample, p: number) =>
      percentile(
        s.map((x) => x[key]),
        p,
      );
    const added = (key: keyof Sample, p: number) => stat(g, key, p) - stat(d, key, p);
    const ratio = (key: keyof Sample, p: number) => stat(g, key, p) / stat(d, key, p);
    const row = `| ${concurrency} | ${requests} | ${ms(stat(d, "ttft", 50))} / ${ms(stat(d, "ttft", 99))} | ${ms(stat(g, "ttft", 50))} / ${ms(stat(g, "ttft", 99))} | **${ms(added("ttft", 50))} / ${ms(added("ttft", 99))}** | ${ratio("ttft", 50).toFixed(2)} | ${ms(stat(d, "total", 50))} / ${ms(stat(d, "total", 99))} | ${ms(stat(g, "total", 50))} / ${ms(stat(g, "total", 99))} | ${ms(added("total", 50))} / ${ms(added("total", 99))} |`;
    rows.push(row);
    log(
      `concurrency ${concurrency}: added TTFT p50 ${ms(added("ttft", 50))} ms, p99 ${ms(added("ttft", 99))} ms`,
    );
  }

  // Settlement runs after each stream closes: wait until none is still open, then count outcomes.
  for (let i = 0; i < 100; i++) {
    const open = await sql.query(`SELECT count(*)::int AS n FROM usage_log WHERE status = 'open'`);
    if (open.rows[0].n === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const statuses = await sql.query(
    `SELECT status, count(*)::int AS n FROM usage_log WHERE account_id = $1 GROUP BY status ORDER BY status`,
    [account.id],
  );
  const statusLine = statuses.rows.map((row) => `${row.n} ${row.status}`).join(", ");

  // Raw debit throughput: the reservation statement alone, from this process, 16 at a time.
  process.env.DATABASE_URL = app.databaseUrl;
  const { reserve } = await import("../server/quota/reservations.ts");
  const hot = await createKeyAccount(sql, 2_000_000_000);
  const spread = await Promise.all(Array.from({ length: 1000 }, () => createKeyAccount(sql, 2_000_000_000)));
  async function debitRate(pick: () => string, seconds = 3) {
    let count = 0;
    const until = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (performance.now() < until) {
          await reserve({
            accountId: pick(),
            keyId: null,
            sessionId: null,
            provider: "openai",
            model: MODEL,
            want: 100,
            atLeast: 10,
            promptEstimate: 10,
            maxOpenStreams: 1_000_000,
          });
          count++;
        }
      }),
    );
    return count / seconds;
  }
  const hotRate = await debitRate(() => hot.id);
  const spreadRate = await debitRate(() => spread[Math.floor(Math.random() * spread.length)]?.id ?? hot.id);
  log(`debits/s: one hot bucket ${hotRate.toFixed(0)}, 1000 buckets ${spreadRate.toFixed(0)}`);

  // Overspend: 200 concurrent requests at a bucket that pays for 20.
  const reservation = countPromptTokens({ messages: [{ role: "user", content: prompt }] }) + 300;
  const tight = await createKeyAccount(sql, 20 * reservation);
  const tightClient = new OpenAI({
    apiKey: tight.key,
    baseURL: `http://127.0.0.1:${port}/api/v1`,
    maxRetries: 0,
  });
  const outcomes = await Promise.all(
    Array.from({ length: 200 }, () =>
      streamOnce(tightClient).then(
        () => "ok",
        (error: unknown) => (error instanceof APIError && error.status === 429 ? "refused" : "error"),
      ),
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  const bucket = await sql.query(
    `SELECT used_tokens, limit_tokens, open_streams FROM quota_buckets WHERE account_id = $1`,
    [tight.id],
  );
  const charged = await sql.query(
    `SELECT coalesce(sum(charged), 0)::int AS c FROM usage_log WHERE account_id = $1`,
    [tight.id],
  );
  const { used_tokens, limit_tokens } = bucket.rows[0];
  const overspend = Math.max(0, charged.rows[0].c - limit_tokens);
  log(
    `overspend check: ${outcomes.filter((o) => o === "ok").length} accepted, ${outcomes.filter((o) => o === "refused").length} refused, charged ${charged.rows[0].c} of ${limit_tokens}`,
  );

  const report = `# Gateway benchmark

Run with \`npm run bench:gateway\` on ${new Date().toISOString().slice(0, 10)}.

**Machine:** ${await machine(sql)}. Client, fake upstream, app and database share the machine.

**Method:** the real \`openai\` client streams a chat completion (\`${MODEL}\`) from the fake model server, which answers after ${FIRST_TOKEN_MS} ms and sends a chunk every ${TOKEN_INTERVAL_MS} ms (${"The answer is forty-two, computed from the data.".length / 4} text chunks). *Direct* calls the fake; *gateway* calls the app's \`/api/v1/chat/completions\` with a virtual key, so each request pays key lookup, prompt estimate, the atomic reservation, proxying and settlement. TTFT is the time from the call to the first chunk; added latency is gateway minus direct at the same percentile. Warm-up: 100 requests each way.

**Floor:** a trivial GET answered by a bare \`node:http\` server takes ${ms(plainRtt[0])} / ${ms(plainRtt[1])} ms (p50 / p99) here; the same through this app's Next.js server (\`/healthz\`, no database) takes ${ms(nextRtt[0])} / ${ms(nextRtt[1])} ms. That difference is the framework's share of every added figure below.

| concurrency | requests | direct TTFT p50 / p99 (ms) | gateway TTFT p50 / p99 (ms) | added TTFT p50 / p99 (ms) | TTFT ratio p50 | direct total p50 / p99 (ms) | gateway total p50 / p99 (ms) | added total p50 / p99 (ms) |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join("\n")}

Gateway requests by final status: ${statusLine}.

**Debit throughput** (the reservation statement alone, 16 concurrent callers, 3 s each): one hot bucket **${hotRate.toFixed(0)}/s**; spread over 1000 buckets **${spreadRate.toFixed(0)}/s**.

**Overspend:** 200 concurrent streams against a bucket of ${limit_tokens} tokens (20 full reservations; settled requests hand back what they did not use): ${outcomes.filter((o) => o === "ok").length} accepted, ${outcomes.filter((o) => o === "refused").length} refused with 429, ${outcomes.filter((o) => o === "error").length} errors; charged ${charged.rows[0].c}, bucket used ${used_tokens}, open streams after ${bucket.rows[0].open_streams}; **overspend ${overspend} tokens**.
`;
  await writeReport("gateway.md", report);
} finally {
  await app.stop();
  await fake.close();
}
process.exit(0);
