/**
 * The only reader of `process.env`. Validated once at import: a bad value stops the process with
 * a message naming the variable. Every variable is documented in README.md.
 */
import "server-only";
import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";
import { StartupError } from "./startup-error.ts";

function invalid(problems: { name: string; message: string }[]): never {
  const lines = problems.map(({ name, message }) => `  ${name}: ${message}`);
  throw new StartupError(`Invalid environment variables (see README.md):\n${lines.join("\n")}`);
}

const commaList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? "")
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean),
  );
const tokens = (fallback: number) => z.coerce.number().int().positive().default(fallback);
/** "1"/"true" on, "0"/"false" off; unset stays undefined, for the reader to choose the default. */
const flag = z
  .enum(["1", "true", "0", "false"])
  .optional()
  .transform((value) => (value === undefined ? undefined : value === "1" || value === "true"));

/**
 * In a deployed stage, SST links resources into the container as `SST_RESOURCE_<Name>` (JSON).
 * They fill in the variables below unless a variable is set explicitly (sst.config.ts).
 */
const linkedSecrets: Record<string, string> = {
  BetterAuthSecret: "BETTER_AUTH_SECRET",
  ElectricSecret: "ELECTRIC_SECRET",
  OpenaiApiKey: "OPENAI_API_KEY",
  AnthropicApiKey: "ANTHROPIC_API_KEY",
  GoogleClientId: "GOOGLE_CLIENT_ID",
  GoogleClientSecret: "GOOGLE_CLIENT_SECRET",
  GithubClientId: "GITHUB_CLIENT_ID",
  GithubClientSecret: "GITHUB_CLIENT_SECRET",
  SmtpUrl: "SMTP_URL",
  AdminEmails: "ADMIN_EMAILS",
  KaggleUsername: "KAGGLE_USERNAME",
  KaggleKey: "KAGGLE_KEY",
};

export function fromSstLinks(source: Record<string, string | undefined>) {
  const values: Record<string, string> = {};
  const read = (name: string) => {
    const raw = source[`SST_RESOURCE_${name}`];
    return raw ? (JSON.parse(raw) as Record<string, string | number | undefined>) : undefined;
  };
  for (const [name, variable] of Object.entries(linkedSecrets)) {
    const value = read(name)?.value;
    if (typeof value === "string" && value) values[variable] = value;
  }
  const database = read("Database");
  if (database) {
    const user = encodeURIComponent(String(database.username));
    const password = encodeURIComponent(String(database.password));
    // Inside the VPC; RDS's certificate authority is not in Node's trust store.
    values.DATABASE_URL = `postgresql://${user}:${password}@${database.host}:${database.port}/${database.database}?sslmode=no-verify`;
  }
  return values;
}

export const env = createEnv({
  isServer: true,
  emptyStringAsUndefined: true,
  runtimeEnv: { ...fromSstLinks(process.env), ...process.env },
  server: {
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
    DATA_DIR: z.string().default(".data"),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
    // Every database connection is bounded in time (server/postgres/pool.ts): waiting for one, and each statement.
    DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),

    BETTER_AUTH_SECRET: z.string().min(32).optional(),
    BETTER_AUTH_URL: z.url().optional(),
    TRUSTED_ORIGINS: commaList,
    // Client addresses (server/auth/client-address.ts): the header counts only from a trusted proxy.
    CLIENT_IP_HEADER: z
      .string()
      .regex(/^[a-z0-9!#$%&'*+.^_`|~-]+$/i, "must be an HTTP header name")
      .toLowerCase()
      .default("x-forwarded-for"),
    TRUSTED_PROXIES: commaList.pipe(
      z.array(
        z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], {
          error: (issue) => `"${issue.input}" is not an IP address or CIDR range`,
        }),
      ),
    ),
    ANON_SIGNINS_PER_HOUR: z.coerce.number().int().positive().default(20),
    EMAIL_CODES_PER_MINUTE: z.coerce.number().int().positive().default(3),
    SIGN_IN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().positive().default(18),
    GOOGLE_CLIENT_ID: z.string().optional(),
    GOOGLE_CLIENT_SECRET: z.string().optional(),
    GITHUB_CLIENT_ID: z.string().optional(),
    GITHUB_CLIENT_SECRET: z.string().optional(),
    SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
    MAIL_FROM: z.string().default("Ada <no-reply@localhost>"),
    ADMIN_EMAILS: commaList,

    OPENAI_API_KEY: z.string().optional(),
    OPENAI_BASE_URL: z.url().optional(),
    ANTHROPIC_API_KEY: z.string().optional(),
    ANTHROPIC_BASE_URL: z.url().optional(),
    INFERENCE_MODELS: z.string().optional(),
    DEMO_MODEL: flag,
    MAX_OPEN_STREAMS: z.coerce.number().int().positive().default(4),
    MAX_REQUEST_BYTES: z.coerce.number().int().positive().default(2_000_000),
    MAX_MESSAGE_BYTES: z.coerce.number().int().positive().default(1_000_000),
    UPSTREAM_TIMEOUT_MS: z.coerce.number().int().positive().default(600_000),
    FIRST_BYTE_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
    // A stream whose provider goes quiet this long between chunks is cut and settled for what it sent.
    UPSTREAM_IDLE_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),

    ELECTRIC_URL: z.url().optional(),
    ELECTRIC_SECRET: z.string().optional(),
    SYNC_LONG_POLL_MS: z.coerce.number().int().positive().default(20_000),
    SYNC_RETENTION_MINUTES: z.coerce.number().int().positive().default(60),

    // Defaults that need the pyodide package are filled in by server/python/package-cache.ts.
    PYODIDE_PACKAGES_URL: z.url({ protocol: /^https?$/ }).optional(),
    PYODIDE_PACKAGES_DIR: z.string().optional(),
    PYODIDE_PACKAGE_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
    PYODIDE_PACKAGE_MAX_BYTES: z.coerce.number().int().positive().default(100_000_000),

    // The dataset catalog's remote sources (server/datasets/); Kaggle only with both credentials.
    SEABORN_DATA_URL: z
      .url({ protocol: /^https?$/ })
      .default("https://raw.githubusercontent.com/mwaskom/seaborn-data/master/"),
    KAGGLE_USERNAME: z.string().optional(),
    KAGGLE_KEY: z.string().optional(),
    KAGGLE_API_URL: z.url({ protocol: /^https?$/ }).default("https://www.kaggle.com/api/v1/"),
    DATASETS_DIR: z.string().optional(),
    DATASET_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
    DATASET_MAX_BYTES: z.coerce.number().int().positive().default(100_000_000),

    AGENT_MAX_TOOL_TURNS: z.coerce.number().int().positive().default(10),
    AGENT_MAX_FIXES: z.coerce.number().int().min(0).max(10).default(2),
    PYTHON_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(120),
    // What one account may store (server/agent/): analyses started a day, each cell result's parts
    // (in characters, as the browser counts them), and its transcripts and cells in all.
    MAX_SESSIONS_PER_DAY: z.coerce.number().int().positive().default(100),
    MAX_CELL_TEXT_CHARS: z.coerce.number().int().positive().default(250_000),
    MAX_CELL_OUTPUTS_CHARS: z.coerce.number().int().positive().default(10_000_000),
    MAX_STORAGE_BYTES: z.coerce.number().int().positive().default(100_000_000),
    MAX_STORAGE_BYTES_ANON: z.coerce.number().int().positive().default(20_000_000),

    QUOTA_TOKENS_ANON: tokens(20_000),
    QUOTA_TOKENS_FREE: tokens(200_000),
    QUOTA_TOKENS_PRO: tokens(2_000_000),
  },
  onValidationError(issues) {
    invalid(
      issues.map((issue) => ({
        name: issue.path?.map((p) => (typeof p === "object" ? p.key : p)).join(".") ?? "",
        message: issue.message,
      })),
    );
  },
});

// Checked here rather than in the schema: bundlers inline a literal `process.env.NODE_ENV`. Not
// during `next build`, which evaluates route modules but serves nothing.
export const isBuildPhase = process.env.NEXT_PHASE === "phase-production-build";
if (env.NODE_ENV === "production" && !env.BETTER_AUTH_SECRET && !isBuildPhase) {
  invalid([{ name: "BETTER_AUTH_SECRET", message: "required in production (32+ characters)" }]);
}

export const isDev = env.NODE_ENV === "development";
export const baseUrl = env.BETTER_AUTH_URL ?? `http://localhost:${env.PORT}`;
