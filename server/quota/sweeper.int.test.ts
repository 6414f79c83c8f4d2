import { describe, expect, it } from "vitest";
import { db } from "../db.ts";
import { env } from "../env.ts";
import { accountWithBucket, bucketOf, reserved } from "../test/quota.ts";
import { HEARTBEAT_MS } from "./heartbeat.ts";
import { markAccepted, stampLive, sweepAbandoned } from "./reservations.ts";
import { SILENT_AFTER_MS, SWEEP_EVERY_MS } from "./sweeper.ts";

async function openReservation() {
  const accountId = await accountWithBucket();
  return { accountId, usageLogId: (await reserved(accountId, 5_000)).usageLogId };
}

const rowOf = (id: string) => db.usageLog.findUniqueOrThrow({ where: { id } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Sweeps as the sweeper does, at test speed: silent for 50 ms means dead. */
const sweep = () => sweepAbandoned({ silentForMs: 50, olderThanMs: env.UPSTREAM_TIMEOUT_MS + 60_000 });

describe("the reservation sweeper", () => {
  it("frees the stream slot of a dead request well within a minute", () => {
    // A live request is stamped every HEARTBEAT_MS; two missed stamps and it is dead.
    expect(SILENT_AFTER_MS).toBeGreaterThan(2 * HEARTBEAT_MS);
    expect(SILENT_AFTER_MS + SWEEP_EVERY_MS).toBeLessThanOrEqual(60_000);
  });

  it("charges the prompt of a request that died after the provider accepted it", async () => {
    const { accountId, usageLogId } = await openReservation();
    await markAccepted([{ usageLogId, promptCharge: 40 }]);
    await sleep(80);

    expect(await sweep()).toBeGreaterThanOrEqual(1);
    expect(await rowOf(usageLogId)).toMatchObject({
      status: "failed",
      charged: 40,
      promptTokens: 40,
      completionTokens: 0,
    });
    expect(await bucketOf(accountId)).toMatchObject({ usedTokens: 40, openStreams: 0 });
  });

  it("refunds a request that died before the provider accepted it", async () => {
    const { accountId, usageLogId } = await openReservation();
    // Young reservations belong to live requests and are left alone.
    await sweepAbandoned({ silentForMs: 60_000, olderThanMs: 60_000 });
    expect((await rowOf(usageLogId)).status).toBe("open");
    await sleep(80);

    await sweep();
    expect(await rowOf(usageLogId)).toMatchObject({ status: "failed", charged: 0, promptTokens: 0 });
    expect(await bucketOf(accountId)).toMatchObject({ usedTokens: 0, openStreams: 0 });
  });

  it("leaves a request that is still stamped alive, however old", async () => {
    const { accountId, usageLogId } = await openReservation();
    await sleep(80);
    await stampLive([usageLogId]);

    await sweep();
    expect((await rowOf(usageLogId)).status).toBe("open");
    expect(await bucketOf(accountId)).toMatchObject({ usedTokens: 5_000, openStreams: 1 });

    // Once the stamps stop, it is dead.
    await sleep(80);
    await sweep();
    expect(await bucketOf(accountId)).toMatchObject({ usedTokens: 0, openStreams: 0 });
  });

  it("closes a request still stamped alive once it is older than any request may run", async () => {
    const { accountId, usageLogId } = await openReservation();
    await sleep(80);
    await stampLive([usageLogId]);

    await sweepAbandoned({ silentForMs: 60_000, olderThanMs: 50 });
    expect((await rowOf(usageLogId)).status).toBe("failed");
    expect(await bucketOf(accountId)).toMatchObject({ usedTokens: 0, openStreams: 0 });
  });
});
