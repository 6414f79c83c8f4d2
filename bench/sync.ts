/**
 * npm run bench:sync — commit-to-client latency of live sync: the real Electric client subscribes
 * to `quota_buckets` through the production app's /api/sync (embedded shape endpoint), a row is
 * updated in Postgres, and the time from the update's commit to the client seeing it is recorded.
 * Scenarios: 1,000 subscribers on 1,000 accounts; 10 subscribers on one account.
 * Writes bench/results/sync.md. Needs (or makes) a production build.
 */
import { Shape, ShapeStream } from "@electric-sql/client";
import { log, machine, ms, percentile, signInAnonymously, startBenchApp, writeReport } from "./harness.ts";

type Bucket = { account_id: string; used_tokens: number };

const ACCOUNTS = 1_000;
const TARGET = { p50: 20, p99: 100 };
const verdict = (values: number[]) =>
  percentile(values, 50) <= TARGET.p50 && percentile(values, 99) <= TARGET.p99 ? "✓ |" : "✗ |";

const app = await startBenchApp({ ANON_SIGNINS_PER_HOUR: "100000" });

type Subscriber = { accountId: string; seen: (used: number) => Promise<number>; stop: () => void };

/** Subscribes and returns a way to wait for a given `used_tokens` value (resolving with the time seen). */
async function subscribe(account: { id: string; cookie: string }): Promise<Subscriber> {
  const controller = new AbortController();
  const stream = new ShapeStream<Bucket>({
    url: `${app.origin}/api/sync/quota_buckets`,
    headers: { cookie: account.cookie },
    signal: controller.signal,
  });
  const shape = new Shape(stream);
  await shape.rows;
  const waiting = new Map<number, (at: number) => void>();
  shape.subscribe(({ rows }) => {
    const used = rows[0]?.used_tokens;
    if (used === undefined) return;
    const at = performance.now();
    waiting.get(used)?.(at);
    waiting.delete(used);
  });
  return {
    accountId: account.id,
    seen: (used) =>
      new Promise<number>((resolve) => {
        if (shape.currentRows[0]?.used_tokens === used) resolve(performance.now());
        else waiting.set(used, resolve);
      }),
    stop: () => controller.abort(),
  };
}

/** Commits `used_tokens = value` and returns the moment the commit returned. */
async function commit(accountId: string, value: number) {
  await app.sql.query("UPDATE quota_buckets SET used_tokens = $2 WHERE account_id = $1", [accountId, value]);
  return performance.now();
}

async function scenario(subscribers: Subscriber[], rounds: number, spacingMs: number) {
  const latencies: number[] = [];
  const accounts = [...new Set(subscribers.map((s) => s.accountId))];
  for (let round = 1; round <= rounds; round++) {
    const pending: Promise<void>[] = [];
    for (const accountId of accounts) {
      const watchers = subscribers.filter((s) => s.accountId === accountId).map((s) => s.seen(round));
      const committed = await commit(accountId, round);
      pending.push(
        Promise.all(watchers).then((times) => {
          for (const at of times) latencies.push(Math.max(0, at - committed));
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, spacingMs));
    }
    await Promise.all(pending);
  }
  return latencies;
}

try {
  log(`signing in ${ACCOUNTS + 1} accounts and subscribing`);
  const many: { id: string; cookie: string }[] = [];
  // In batches: sign-in is not what is measured, and a thousand at once would only queue.
  for (let i = 0; i < ACCOUNTS; i += 50) {
    many.push(...(await Promise.all(Array.from({ length: 50 }, () => signInAnonymously(app.origin)))));
  }
  const manySubscribers: Subscriber[] = [];
  for (let i = 0; i < many.length; i += 50) {
    manySubscribers.push(...(await Promise.all(many.slice(i, i + 50).map(subscribe))));
  }
  const one = await signInAnonymously(app.origin);
  const oneSubscribers = await Promise.all(Array.from({ length: 10 }, () => subscribe(one)));

  const distinct = await scenario(manySubscribers, 3, 5);
  log(`${ACCOUNTS} accounts: p50 ${ms(percentile(distinct, 50))} ms, p99 ${ms(percentile(distinct, 99))} ms`);
  const shared = await scenario(oneSubscribers, 30, 50);
  log(`10 on one account: p50 ${ms(percentile(shared, 50))} ms, p99 ${ms(percentile(shared, 99))} ms`);
  for (const subscriber of [...manySubscribers, ...oneSubscribers]) subscriber.stop();

  const row = (name: string, values: number[]) =>
    `| ${name} | ${values.length} | ${ms(percentile(values, 50))} | ${ms(percentile(values, 99))} | ${ms(Math.max(...values))} |`;
  await writeReport(
    "sync.md",
    `# Live sync benchmark

Run with \`npm run bench:sync\` on ${new Date().toISOString().slice(0, 10)}.

**Machine:** ${await machine(app.sql)}. Subscribers, app and database share the machine.

**Method:** each subscriber is the real \`@electric-sql/client\` (\`ShapeStream\` + \`Shape\`) on \`quota_buckets\` through the app's \`/api/sync\` proxy and the embedded shape endpoint (long-polling), with a real session cookie. The benchmark commits \`UPDATE quota_buckets SET used_tokens = n\` for one account at a time and records the time from the commit returning to each of that account's subscribers seeing \`n\`. ${ACCOUNTS.toLocaleString("en")} subscribers on as many accounts: 3 rounds, one commit every 5 ms. 10 subscribers on one account: 30 commits, 50 ms apart.

| scenario | samples | p50 (ms) | p99 (ms) | max (ms) | target p50 ≤ ${TARGET.p50}, p99 ≤ ${TARGET.p99} |
| --- | --- | --- | --- | --- | --- |
${row(`${ACCOUNTS.toLocaleString("en")} subscribers, ${ACCOUNTS.toLocaleString("en")} accounts`, distinct)} ${verdict(distinct)}
${row("10 subscribers, one account", shared)} ${verdict(shared)}
`,
  );
} finally {
  await app.stop();
}
process.exit(0);
