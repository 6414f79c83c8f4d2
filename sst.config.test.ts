/**
 * Evaluates sst.config.ts offline with recording stand-ins for SST's constructors (the AWS
 * boundary), and checks what the stack declares. `npm run typecheck:sst` checks it against SST's
 * real platform types.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";

type Declared = { kind: string; name: string; args: Record<string, any>; opts: Record<string, any> };
let declared: Declared[] = [];

/** A stand-in for a resource output: any property is another output, printed as `<path>`. */
function output(path: string): any {
  return new Proxy(() => {}, {
    get: (_target, prop) =>
      prop === Symbol.toPrimitive || prop === "toString"
        ? () => `<${path}>`
        : output(`${path}.${String(prop)}`),
  });
}

function recorder(kind: string) {
  return class {
    constructor(name: string, args: Record<string, any> = {}, opts: Record<string, any> = {}) {
      declared.push({ kind, name, args, opts });
      // biome-ignore lint/correctness/noConstructorReturn: a stand-in whose properties are outputs
      return output(name);
    }
  };
}

const secretRecorder = class {
  constructor(name: string, placeholder?: string) {
    declared.push({ kind: "Secret", name, args: { placeholder }, opts: {} });
    // biome-ignore lint/correctness/noConstructorReturn: a stand-in whose properties are outputs
    return output(name);
  }
};

let config: { app: (input: { stage: string }) => any; run: () => Promise<any> };

async function runStage(stage: string) {
  declared = [];
  Object.assign(globalThis, { $app: { name: "ada", stage }, $dev: false });
  await config.run();
  const declaration = (kind: string, name: string) => {
    const found = declared.find((d) => d.kind === kind && d.name === name);
    if (!found) throw new Error(`no ${kind} ${name}`);
    return found;
  };
  return { find: (kind: string, name: string) => declaration(kind, name).args, declaration };
}

beforeAll(async () => {
  Object.assign(globalThis, {
    $config: (c: unknown) => c,
    $interpolate: (strings: TemplateStringsArray, ...values: unknown[]) =>
      strings.reduce((text, part, i) => text + part + (i < values.length ? String(values[i]) : ""), ""),
    sst: {
      Secret: secretRecorder,
      aws: {
        Vpc: recorder("Vpc"),
        Postgres: recorder("Postgres"),
        Cluster: recorder("Cluster"),
        Service: recorder("Service"),
        Task: recorder("Task"),
        Function: recorder("Function"),
      },
    },
    aws: { lambda: { Invocation: recorder("Invocation") } },
  });
  process.env.ADA_DOMAIN = "ada.example.com";
  config = (await import("./sst.config.ts")).default as unknown as typeof config;
});

describe("sst.config.ts", () => {
  it("retains and protects production only", () => {
    expect(config.app({ stage: "production" })).toMatchObject({
      name: "ada",
      removal: "retain",
      protect: true,
    });
    expect(config.app({ stage: "pr-12" })).toMatchObject({ removal: "remove", protect: false });
  });

  it("runs Postgres with logical replication on", async () => {
    const { find } = await runStage("staging");
    const postgres = find("Postgres", "Database");
    expect(Number(postgres.version)).toBeGreaterThanOrEqual(16);
    const group: { parameters?: { name: string; value: string }[] } = {};
    postgres.transform.parameterGroup(group);
    expect(group.parameters).toContainEqual(
      expect.objectContaining({ name: "rds.logical_replication", value: "1" }),
    );
  });

  it("runs Electric pinned, internal-only, on the instance's direct address with its secret", async () => {
    const { find } = await runStage("staging");
    const electric = find("Service", "Electric");
    expect(electric.image).toMatch(/^electricsql\/electric:\d+\.\d+\.\d+$/);
    expect(electric.loadBalancer).toBeUndefined();
    expect(electric.environment.DATABASE_URL).toContain("<Database.nodes.instance.address>");
    expect(electric.environment.DATABASE_URL).not.toContain("<Database.host>");
    expect(String(electric.environment.ELECTRIC_SECRET)).toBe("<ElectricSecret.value>");
    expect(electric.environment).toMatchObject({
      CLEANUP_REPLICATION_SLOTS_ON_SHUTDOWN: "true",
      ELECTRIC_TEMPORARY_REPLICATION_SLOT_USE_RANDOM_NAME: "true",
    });
  });

  it("serves the app over HTTPS on the configured domain, gated on /readyz, linked to every secret", async () => {
    const { find } = await runStage("production");
    const app = find("Service", "App");
    expect(app.image).toEqual({ context: ".", dockerfile: "Dockerfile" });
    expect(app.loadBalancer.domain).toBe("ada.example.com");
    expect(app.loadBalancer.ports).toContainEqual({ listen: "443/https", forward: "3000/http" });
    expect(app.loadBalancer.health["3000/http"].path).toBe("/readyz");
    const balancer: { idleTimeout?: number } = {};
    app.transform.loadBalancer(balancer);
    expect(balancer.idleTimeout).toBeGreaterThan(20);
    expect(app.environment.ELECTRIC_URL).toBe("http://<Electric.service>:3000");
    // X-Forwarded-For counts only from the load balancer, whose addresses are the VPC's.
    expect(app.environment.CLIENT_IP_HEADER).toBe("x-forwarded-for");
    expect(String(app.environment.TRUSTED_PROXIES)).toBe("<Vpc.nodes.vpc.cidrBlock>");
    const linked = app.link.map(String);
    const secrets = declared.filter((d) => d.kind === "Secret").map((d) => `<${d.name}>`);
    expect(secrets).toEqual(
      expect.arrayContaining([
        "<BetterAuthSecret>",
        "<ElectricSecret>",
        "<OpenaiApiKey>",
        "<AnthropicApiKey>",
      ]),
    );
    expect(linked).toEqual(expect.arrayContaining(["<Database>", ...secrets]));
    expect(app.scaling.min).toBeGreaterThanOrEqual(2);
  });

  it("migrates as the release step, before the new version serves, never at container start", async () => {
    const { find, declaration } = await runStage("staging");
    const task = find("Task", "Migrate");
    expect(task.image).toEqual({ context: ".", dockerfile: "Dockerfile" });
    expect(task.command.join(" ")).toMatch(/run\.ts migrate$/);
    expect(task.link.map(String)).toContain("<Database>");

    // A function runs the task to completion (scripts/migrate-on-deploy.ts) …
    const runner = find("Function", "MigrateOnDeploy");
    expect(runner.handler).toBe("scripts/migrate-on-deploy.handler");
    expect(runner.link.map(String)).toEqual(["<Migrate>"]);
    // … invoked on each new definition of the task (a new image) …
    const invocation = declaration("Invocation", "MigrateRelease");
    expect(String(invocation.args.functionName)).toBe("<MigrateOnDeploy.name>");
    expect(String(invocation.args.triggers.taskDefinition)).toBe("<Migrate.taskDefinition>");
    // … and the app is updated only after it.
    expect(declaration("Service", "App").opts.dependsOn.map(String)).toEqual(["<MigrateRelease>"]);

    const dockerfile = readFileSync(new URL("./Dockerfile", import.meta.url), "utf8");
    const start = dockerfile.match(/^CMD (.*)$/m)?.[1];
    expect(start).toBe('["node", "--experimental-async-context-frame", "server.js"]');
  });

  it("has no release step in `sst dev`, whose app migrates itself", async () => {
    Object.assign(globalThis, { $dev: true });
    try {
      declared = [];
      await config.run();
      expect(declared.filter((d) => d.kind === "Invocation")).toEqual([]);
    } finally {
      Object.assign(globalThis, { $dev: false });
    }
  });

  it("checks liveness in the container and readiness at the load balancer", async () => {
    const { find } = await runStage("production");
    const app = find("Service", "App");
    // scripts/healthcheck.mjs asks /healthz, which does not depend on the database.
    expect(app.health.command).toEqual(["CMD", "node", "scripts/healthcheck.mjs"]);
    expect(app.loadBalancer.health["3000/http"]).toMatchObject({ path: "/readyz", timeout: "5 seconds" });
  });
});
