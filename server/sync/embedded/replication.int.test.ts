import pg from "pg";
import { expect, it } from "vitest";
import { startEphemeralPostgres } from "../../postgres/embedded-postgres.ts";
import { startStream } from "./replication.ts";

const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([
    promise.then(() => "done"),
    new Promise((resolve) => setTimeout(resolve, ms, "still waiting")),
  ]);

// A fast shutdown waits until every replication client has confirmed the last position it was
// sent; a client that never does keeps Postgres from stopping, its walsender spinning a core.
it("lets Postgres shut down while the replication stream is open", async () => {
  const server = await startEphemeralPostgres("sync_shutdown");
  const setup = new pg.Client({ connectionString: server.url });
  await setup.connect();
  await setup.query("CREATE PUBLICATION ada_sync");
  await setup.end();

  const stream = startStream({ connectionString: server.url });
  await stream.log;
  try {
    expect(await within(server.stop(), 10_000)).toBe("done");
  } finally {
    await stream.service.destroy();
  }
}, 60_000);
