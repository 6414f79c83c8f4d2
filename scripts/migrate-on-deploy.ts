/**
 * The deploy's release step (sst.config.ts runs it as a Lambda function before it updates the
 * App service): starts the Migrate task — the new image running `migrator/scripts/run.ts
 * migrate` — and waits for it to stop. Exit code 0 lets the deploy go on; anything else fails
 * the deploy, and the running version keeps serving on the schema it knows.
 */
import { Resource } from "sst";
import { task } from "sst/aws/task";

/** The part of SST's task client this step uses (ECS RunTask and DescribeTasks). */
export type TaskClient = {
  run: (resource: task.Resource) => Promise<{ arn: string }>;
  describe: (
    resource: task.Resource,
    arn: string,
  ) => Promise<{ status: string; response: { tasks?: DescribedTask[] } }>;
};
type DescribedTask = { stoppedReason?: string; containers?: { exitCode?: number }[] };

type Timing = {
  pollMs: number;
  deadlineMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
};

const defaultTiming: Timing = {
  pollMs: 5_000,
  // A Lambda function runs at most 15 minutes (sst.config.ts gives it all of them).
  deadlineMs: 14 * 60_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: Date.now,
};

export async function runMigrateTask(
  resource: task.Resource,
  client: TaskClient = task,
  timing: Timing = defaultTiming,
) {
  const { arn } = await client.run(resource);
  const giveUpAt = timing.now() + timing.deadlineMs;
  while (timing.now() < giveUpAt) {
    await timing.sleep(timing.pollMs);
    const { status, response } = await client.describe(resource, arn);
    if (status !== "STOPPED") continue;
    const stopped = response.tasks?.[0];
    const exitCode = stopped?.containers?.[0]?.exitCode;
    if (exitCode === 0) return { arn };
    const why = exitCode === undefined ? (stopped?.stoppedReason ?? "no exit code") : `exit code ${exitCode}`;
    throw new Error(
      `The Migrate task ${arn} failed (${why}): the deploy stops here and the running version keeps serving. Its log is in CloudWatch.`,
    );
  }
  throw new Error(
    `The Migrate task ${arn} was still running after ${timing.deadlineMs / 60_000} minutes: the deploy stops here. Rerun the deploy once it has finished.`,
  );
}

/** Linked by sst.config.ts; SST's generated types are not part of this repository. */
const linked = Resource as unknown as { Migrate: task.Resource };

export const handler = () => runMigrateTask(linked.Migrate);
