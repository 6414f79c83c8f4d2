// The container's health check: the app answers /readyz (the image has no curl).
const port = process.env.PORT ?? "3000";
fetch(`http://127.0.0.1:${port}/readyz`).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
