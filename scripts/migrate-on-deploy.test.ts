import { describe, expect, it } from "vitest";
import { runMigrateTask, type TaskClient } from "./migrate-on-deploy.ts";

const resource = {
  cluster: "arn:aws:ecs:eu-west-1:1:cluster/ada",
  taskDefinition: "arn:aws:ecs:eu-west-1:1:task-definition/ada-Migrate:7",
  subnets: ["subnet-1"],
  securityGroups: ["sg-1"],
  assignPublicIp: true,
  containers: ["Migrate"],
};

/** A stand-in for ECS (RunTask, DescribeTasks): the task goes through `states`, then stops. */
function ecs(states: string[], stopped: { exitCode?: number; stoppedReason?: string }) {
  const calls: string[] = [];
  const client: TaskClient = {
    run: async (r) => {
      calls.push(`run ${r.taskDefinition}`);
      return { arn: "arn:aws:ecs:eu-west-1:1:task/ada/42" };
    },
    describe: async (_r, arn) => {
      calls.push(`describe ${arn}`);
      const status = states.shift() ?? "STOPPED";
      const containers = [{ exitCode: status === "STOPPED" ? stopped.exitCode : undefined }];
      return { status, response: { tasks: [{ stoppedReason: stopped.stoppedReason, containers }] } };
    },
  };
  return { client, calls };
}

const instant = { pollMs: 5_000, deadlineMs: 60_000, sleep: async () => {}, now: () => 0 };

describe("the release step", () => {
  it("runs the Migrate task's current definition and waits until it has stopped", async () => {
    const { client, calls } = ecs(["PROVISIONING", "RUNNING", "RUNNING"], { exitCode: 0 });
    await expect(runMigrateTask(resource, client, instant)).resolves.toEqual({
      arn: "arn:aws:ecs:eu-west-1:1:task/ada/42",
    });
    expect(calls).toEqual([
      "run arn:aws:ecs:eu-west-1:1:task-definition/ada-Migrate:7",
      ...Array(4).fill("describe arn:aws:ecs:eu-west-1:1:task/ada/42"),
    ]);
  });

  it("fails the deploy when the migrations fail", async () => {
    const { client } = ecs(["RUNNING"], { exitCode: 1 });
    await expect(runMigrateTask(resource, client, instant)).rejects.toThrow(/failed \(exit code 1\)/);
  });

  it("fails the deploy when the task never ran", async () => {
    const { client } = ecs([], { stoppedReason: "CannotPullContainerError: image not found" });
    await expect(runMigrateTask(resource, client, instant)).rejects.toThrow(/CannotPullContainerError/);
  });

  it("gives up before the function's own time limit", async () => {
    let now = 0;
    const clock = {
      pollMs: 5_000,
      deadlineMs: 120_000,
      sleep: async (ms: number) => {
        now += ms;
      },
      now: () => now,
    };
    const { client } = ecs(Array(1_000).fill("RUNNING"), { exitCode: 0 });
    await expect(runMigrateTask(resource, client, clock)).rejects.toThrow(/still running after 2 minutes/);
  });
});
