// The container's health check (the image has no curl): liveness only. /healthz answers while
// the process serves, whatever the database does, so a database failover does not make the
// orchestrator restart every task; the load balancer checks /readyz (sst.config.ts).
const port = process.env.PORT ?? "3000";
fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(4_000) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
