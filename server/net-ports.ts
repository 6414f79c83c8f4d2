import "server-only";
import net from "node:net";
import { StartupError } from "./startup-error.ts";

/** Fails with a one-line StartupError when something already listens on the port. */
export async function assertPortFree(port: number, hint: string) {
  const free = await new Promise<boolean>((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
  if (!free) throw new StartupError(`Port ${port} is already in use: ${hint}.`);
}

/** A port nothing listens on right now (tests, benchmarks). */
export function freePort() {
  return new Promise<number>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
