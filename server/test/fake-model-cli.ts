/**
 * The fake model server as a process, for E2E runs (test code): node server/test/fake-model-cli.ts <port>
 * Point OPENAI_BASE_URL at http://127.0.0.1:<port>/v1 and ANTHROPIC_BASE_URL at http://127.0.0.1:<port>.
 */
import { startFakeModelServer } from "./fake-model-server.ts";

const port = Number(process.argv[2] ?? 0);
const fake = await startFakeModelServer(port);
console.log(`fake model server on ${fake.anthropicBaseUrl}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => fake.close().then(() => process.exit(0)));
}
