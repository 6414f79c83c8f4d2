import { EARLY_WORKER_GLOBAL, WORKER_URL } from "./protocol.ts";

const script = `try{window.${EARLY_WORKER_GLOBAL}=new Worker(${JSON.stringify(WORKER_URL)},{type:"module",name:"python"})}catch(e){}`;

/**
 * Starts the Python worker while the HTML is still being parsed, about a second before the app's
 * code would (Pyodide's start-up is the longest wait on the page). Server-rendered only.
 */
export function EarlyPythonWorker() {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: a constant script, no user input
  return <script dangerouslySetInnerHTML={{ __html: script }} />;
}
