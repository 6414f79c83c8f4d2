/** A problem the operator must fix before the process can start (bad env, busy port…). Printed as one line. */
import "server-only";

export class StartupError extends Error {
  override name = "StartupError";
}
