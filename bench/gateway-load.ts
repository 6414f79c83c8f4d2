/** Load shapes for bench:gateway: closed-loop concurrency and open-loop request rates. */
import type OpenAI from "openai";
import { percentile } from "./harness.ts";

export type Sample = { ttft: number; total: number };

export async function streamOnce(client: OpenAI, model: string, prompt: string): Promise<Sample> {
  const start = performance.now();
  const stream = await client.chat.completions.create({
    model,
    messages: [{ role: "user", content: prompt }],
    max_tokens: 300,
    stream: true,
  });
  let ttft = 0;
  for await (const _chunk of stream) ttft ||= performance.now() - start;
  return { ttft, total: performance.now() - start };
}

/** `concurrency` callers, each sending its next request when the last one ends. */
export async function closedLoop(call: () => Promise<Sample>, concurrency: number, requests: number) {
  const samples: Sample[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        next++;
        samples.push(await call());
      }
    }),
  );
  return samples;
}

/** Requests started at a fixed rate whatever the answers do (how real traffic arrives). */
export async function openLoop(call: () => Promise<Sample>, perSecond: number, seconds: number) {
  const samples: Sample[] = [];
  let errors = 0;
  const runs: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < perSecond * seconds; i++) {
    const due = start + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    runs.push(
      call().then(
        (sample) => void samples.push(sample),
        () => void errors++,
      ),
    );
  }
  await Promise.all(runs);
  return { samples, errors };
}

export const stat = (samples: Sample[], key: keyof Sample, p: number) =>
  percentile(
    samples.map((sample) => sample[key]),
    p,
  );
