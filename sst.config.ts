/// <reference path="./.sst/platform/config.d.ts" />

/**
 * One AWS stack per stage: `npx sst deploy --stage <name>` (README "Deploy").
 *
 * VPC → RDS Postgres (logical replication on) → Electric as an internal service on the cluster,
 * reading the instance directly → the Migrate task, run to completion as the release step → the
 * app as a container service behind an HTTPS load balancer. Containers never migrate at start, so
 * a restart (or a database failover) never touches the schema; the container's health check is
 * liveness only (/healthz) and the load balancer routes to tasks whose /readyz is 200.
 */

/** Electric's release, pinned with the `@electric-sql/client` the browser uses (1.5.x). */
const ELECTRIC_IMAGE = "electricsql/electric:1.7.12";
/** Electric holds an idle live request 20 s; the load balancer must keep connections longer. */
const LOAD_BALANCER_IDLE_TIMEOUT_S = 120;

export default $config({
  app(input) {
    const production = input?.stage === "production";
    return {
      name: "ada",
      home: "aws",
      removal: production ? "retain" : "remove",
      protect: production,
    };
  },

  async run() {
    const production = $app.stage === "production";
    // The app's public domain, e.g. ADA_DOMAIN=ada.example.com (Route 53-hosted) at deploy time.
    const domain = process.env.ADA_DOMAIN;
    if (!domain && !$dev) throw new Error("Set ADA_DOMAIN to the app's domain (Route 53) to deploy a stage.");

    const secrets = {
      betterAuth: new sst.Secret("BetterAuthSecret"),
      electric: new sst.Secret("ElectricSecret"),
      openai: new sst.Secret("OpenaiApiKey", ""),
      anthropic: new sst.Secret("AnthropicApiKey", ""),
      googleId: new sst.Secret("GoogleClientId", ""),
      googleSecret: new sst.Secret("GoogleClientSecret", ""),
      githubId: new sst.Secret("GithubClientId", ""),
      githubSecret: new sst.Secret("GithubClientSecret", ""),
      smtp: new sst.Secret("SmtpUrl", ""),
      adminEmails: new sst.Secret("AdminEmails", ""),
      kaggleUsername: new sst.Secret("KaggleUsername", ""),
      kaggleKey: new sst.Secret("KaggleKey", ""),
    };

    // No NAT: services run in public subnets with public IPs (SST's default), the database in
    // private ones. The bastion lets `sst tunnel` reach the database from a developer's machine.
    const vpc = new sst.aws.Vpc("Vpc", { bastion: true });

    const database = new sst.aws.Postgres("Database", {
      vpc,
      version: "17",
      instance: production ? "t4g.small" : "t4g.micro",
      storage: "20 GB",
      database: "ada",
      transform: {
        // SST's own group already has these two; a transform that sets `parameters` replaces the
        // list, so both are stated here (Electric needs logical replication).
        parameterGroup: (args) => {
          args.parameters = [
            { name: "rds.force_ssl", value: "0" },
            { name: "rds.logical_replication", value: "1", applyMethod: "pending-reboot" },
          ];
        },
      },
    });

    const instance = database.nodes.instance;
    if (!instance) throw new Error("The Database component created no RDS instance.");

    const cluster = new sst.aws.Cluster("Cluster", { vpc });

    // Electric replicates from the instance itself (never through a proxy). No load balancer:
    // only services in the VPC reach it, by its Cloud Map name.
    const electric = new sst.aws.Service("Electric", {
      cluster,
      image: ELECTRIC_IMAGE,
      cpu: "0.5 vCPU",
      memory: "1 GB",
      storage: "30 GB",
      environment: {
        DATABASE_URL: $interpolate`postgresql://${database.username}:${database.password}@${instance.address}:${database.port}/${database.database}?sslmode=require`,
        ELECTRIC_SECRET: secrets.electric.value,
        ELECTRIC_STORAGE_DIR: "/var/lib/electric/persistent",
        // Fargate disks do not survive a task: Electric's recipe for ephemeral storage (clients
        // get a 409 and resync after each Electric deploy).
        CLEANUP_REPLICATION_SLOTS_ON_SHUTDOWN: "true",
        ELECTRIC_TEMPORARY_REPLICATION_SLOT_USE_RANDOM_NAME: "true",
        ELECTRIC_LOG_COLORS: "false",
      },
      health: {
        command: ["CMD-SHELL", "curl -sf http://localhost:3000/v1/health || exit 1"],
        startPeriod: "60 seconds",
      },
    });

    const link = [database, ...Object.values(secrets)];
    const environment = {
      NODE_ENV: "production",
      BETTER_AUTH_URL: domain ? `https://${domain}` : "http://localhost:3000",
      ELECTRIC_URL: $interpolate`http://${electric.service}:3000`,
      // The load balancer is the only proxy in front; it appends the address it was connected
      // from to X-Forwarded-For. Its addresses are in the VPC's subnets, and the services'
      // security group admits only the VPC, so any connection from the VPC's range is a proxy
      // hop; the header of any other is ignored (server/auth/client-address.ts).
      CLIENT_IP_HEADER: "x-forwarded-for",
      TRUSTED_PROXIES: vpc.nodes.vpc.cidrBlock,
    };

    // The migration step on the new image (`migrator/scripts/run.ts migrate`; README "Migrations").
    const migrate = new sst.aws.Task("Migrate", {
      cluster,
      image: { context: ".", dockerfile: "Dockerfile" },
      command: ["node", "--conditions=react-server", "migrator/scripts/run.ts", "migrate"],
      link,
      environment: { NODE_ENV: "production" },
      dev: { command: "npm run db:migrate" },
    });

    // The release step: a function that runs the Migrate task and waits for it, invoked whenever
    // the task's definition changes (a new image). The App service depends on it, so the new
    // version is rolled out only once its migrations are applied; a failed migration fails the
    // deploy and the running version keeps serving. Not in `sst dev`, whose app migrates itself.
    const release: aws.lambda.Invocation[] = [];
    if (!$dev) {
      const runner = new sst.aws.Function("MigrateOnDeploy", {
        handler: "scripts/migrate-on-deploy.handler",
        link: [migrate],
        timeout: "15 minutes",
      });
      release.push(
        new aws.lambda.Invocation("MigrateRelease", {
          functionName: runner.name,
          input: JSON.stringify({}),
          triggers: { taskDefinition: migrate.taskDefinition },
        }),
      );
    }

    const app = new sst.aws.Service(
      "App",
      {
        cluster,
        image: { context: ".", dockerfile: "Dockerfile" },
        cpu: "1 vCPU",
        memory: "2 GB",
        link,
        environment,
        scaling: { min: production ? 2 : 1, max: production ? 6 : 2 },
        loadBalancer: {
          domain,
          ports: [
            { listen: "80/http", redirect: "443/https" },
            { listen: "443/https", forward: "3000/http" },
          ],
          // Readiness answers within 3 s even when the database does not (server/health/readiness.ts).
          health: {
            "3000/http": {
              path: "/readyz",
              interval: "10 seconds",
              timeout: "5 seconds",
              healthyThreshold: 2,
            },
          },
        },
        // Liveness only (/healthz, scripts/healthcheck.mjs): a database outage must not get the
        // containers restarted.
        health: {
          command: ["CMD", "node", "scripts/healthcheck.mjs"],
          startPeriod: "60 seconds",
        },
        transform: {
          loadBalancer: (args) => {
            args.idleTimeout = LOAD_BALANCER_IDLE_TIMEOUT_S;
          },
        },
        // `sst dev`: the app runs locally (npm run dev) with the stage's secrets, database and Electric.
        dev: { command: "npm run dev" },
      },
      { dependsOn: release },
    );

    return {
      url: app.url,
      electric: electric.service,
      migrateTask: migrate.taskDefinition,
    };
  },
});
