/**
 * Prisma's schema engine, run from its WebAssembly build through the pg driver adapter.
 *
 * Prisma 7's CLI downloads a native schema engine before `migrate deploy` / `migrate diff`, which
 * cannot work offline (ARCHITECTURE.md, "Traps"). The same engine ships as WebAssembly in
 * `@prisma/schema-engine-wasm`; driving it here keeps Prisma's migration format and
 * `_prisma_migrations` bookkeeping exactly as `prisma migrate deploy` would leave them.
 * Internal API: the package versions are pinned and `schema-engine.test.ts` exercises both paths.
 */
import "server-only";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";
import { listMigrations } from "./migration-names.ts";

const filters = { externalTables: [], externalEnums: [] };
let wasmReady: Promise<void> | undefined;

/** Node cannot import `.wasm` as ESM without a flag, so instantiate the module by hand once. */
function loadWasm(): Promise<void> {
  wasmReady ??= (async () => {
    const glue = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(path.join(path.dirname(glue), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return wasmReady;
}

/**
 * adapter-pg runs a migration script by splitting it on every ";", which breaks any statement
 * with a semicolon inside it (a plpgsql function body). Postgres takes the whole script in one
 * simple query, where it also runs as one implicit transaction.
 */
function wholeScripts(factory: PrismaPg) {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    adapter.executeScript = async (script: string) => {
      try {
        await (adapter.underlyingDriver() as pg.Pool).query(script);
      } catch (error) {
        // The adapter's own conversion into the engine's error type.
        (Reflect.get(adapter, "onError") as (e: unknown) => never).call(adapter, error);
      }
    };
    return adapter;
  };
  return factory;
}

/**
 * Runs `work` with an engine on its own pool, closed afterwards: the engine does not close its
 * connections, and one of them holds migrate's advisory lock until it does.
 */
async function withEngine<T>(
  databaseUrl: string,
  datamodels: [string, string][] | undefined,
  work: (engine: bg.SchemaEngine) => Promise<T>,
) {
  await loadWasm();
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    const adapter = bindMigrationAwareSqlAdapterFactory(wholeScripts(new PrismaPg(pool)));
    const engine = await bg.SchemaEngine.new({ datamodels }, () => {}, adapter);
    try {
      return await work(engine);
    } finally {
      engine.free();
    }
  } finally {
    await pool.end();
  }
}

/** Applies every pending migration under `migrationsDir`; returns the names just applied. */
export async function applyMigrations(databaseUrl: string, migrationsDir: string) {
  const names = await listMigrations(migrationsDir);
  const migrationDirectories = await Promise.all(
    names.map(async (name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: {
          tag: "ok" as const,
          value: await readFile(path.join(migrationsDir, name, "migration.sql"), "utf8"),
        },
      },
    })),
  );
  const lockfile = await readFile(path.join(migrationsDir, "migration_lock.toml"), "utf8").catch(() => null);
  const result = await withEngine(databaseUrl, undefined, (engine) =>
    engine.applyMigrations({
      filters,
      migrationsList: {
        baseDir: migrationsDir,
        shadowDbInitScript: "",
        migrationDirectories,
        lockfile: { path: "migration_lock.toml", content: lockfile },
      },
    }),
  );
  return result.appliedMigrationNames;
}

/**
 * The SQL that takes a database from schema `from` (null = empty database) to schema `to`.
 * Schema-to-schema only: the pg adapter cannot introspect Postgres catalogs (`"char"` columns).
 */
export async function diffSchemas(databaseUrl: string, from: string | null, to: string) {
  const target = (content: string) => ({
    tag: "schemaDatamodel" as const,
    files: [{ path: "schema.prisma", content }],
  });
  const result = await withEngine(databaseUrl, [["schema.prisma", to]], (engine) =>
    engine.diff({
      from: from === null ? { tag: "empty" } : target(from),
      to: target(to),
      script: true,
      exitCode: null,
      filters,
    }),
  );
  return result.stdout ?? "";
}
