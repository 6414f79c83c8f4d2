import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { appendOutput, type CellOutput } from "#common/nbformat-outputs.ts";
import { errorOutput, type FromWorker, type RunResult, streamsOf, type ToWorker } from "./protocol.ts";
import { PythonKernel } from "./python-kernel.ts";

/** The browser's Worker, standing in for Pyodide: answers runs as each test scripts it. */
class FakeWorker extends EventTarget {
  static instances: FakeWorker[] = [];
  received: ToWorker[] = [];
  terminated = false;
  /** What to do with a run: answer it, or never (an endless loop). */
  onRun: (id: number, worker: FakeWorker) => void = (id, worker) => worker.done(id);

  constructor() {
    super();
    FakeWorker.instances.push(this);
  }

  postMessage(message: ToWorker) {
    this.received.push(message);
    if (message.type === "run") this.onRun(message.id, this);
  }

  terminate() {
    this.terminated = true;
  }

  emit(message: FromWorker) {
    this.dispatchEvent(new MessageEvent("message", { data: message }));
  }

  done(id: number, result: Partial<RunResult> = {}) {
    this.emit({
      type: "done",
      id,
      result: { status: "completed", outputs: [], ...result },
    });
  }
}

/** The error text a run stores: its tracebacks, one after the other. */
const errors = (result: RunResult) => streamsOf(result.outputs).stderr;

const latest = () => FakeWorker.instances.at(-1) as FakeWorker;

beforeEach(() => {
  FakeWorker.instances = [];
  vi.useFakeTimers();
  vi.stubGlobal("Worker", FakeWorker);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function readyKernel({ isolated = false, timeoutMs = 60_000 } = {}) {
  vi.stubGlobal("crossOriginIsolated", isolated);
  const kernel = new PythonKernel("/python-worker.mjs", timeoutMs);
  latest().emit({ type: "ready", startupMs: 1 });
  return kernel;
}

describe("PythonKernel", () => {
  it("starts the worker, streams a run's output and resolves with its result", async () => {
    const kernel = readyKernel();
    expect(kernel.getStatus()).toBe("ready");
    latest().onRun = (id, worker) => {
      worker.emit({ type: "output", id, output: { output_type: "stream", name: "stdout", text: "4" } });
      worker.emit({ type: "output", id, output: { output_type: "stream", name: "stdout", text: "5\n" } });
      worker.done(id, { outputs: [{ output_type: "stream", name: "stdout", text: "45\n" }] });
    };
    let live: CellOutput[] = [];
    const result = await kernel.run("print(45)", {
      onOutput: (output) => (live = appendOutput(live, output)),
    });
    expect(live).toEqual([{ output_type: "stream", name: "stdout", text: "45\n" }]);
    expect(result).toEqual({ status: "completed", outputs: live });
    expect(kernel.getStatus()).toBe("ready");
  });

  it("without cross-origin isolation, Interrupt restarts the worker and the run reports it", async () => {
    const kernel = readyKernel();
    const first = latest();
    first.onRun = () => {};
    const running = kernel.run("while True: pass");
    expect(kernel.getStatus()).toBe("busy");
    kernel.interrupt();
    const result = await running;
    expect(result.status).toBe("error");
    expect(errors(result)).toMatch(/Interrupted\. Python was restarted/);
    expect(first.terminated).toBe(true);
    expect(FakeWorker.instances).toHaveLength(2);
    expect(kernel.getStatus()).toBe("starting");
    latest().emit({ type: "ready", startupMs: 1 });
    await expect(kernel.run("1")).resolves.toMatchObject({ status: "completed" });
  });

  it("when isolated, Interrupt writes SIGINT to the shared buffer and keeps the interpreter", async () => {
    const kernel = readyKernel({ isolated: true });
    const worker = latest();
    const init = worker.received[0] as Extract<ToWorker, { type: "init" }>;
    expect(init.interruptBuffer).toBeInstanceOf(Uint8Array);
    worker.onRun = () => {};
    const running = kernel.run("while True: pass");
    kernel.interrupt();
    expect(init.interruptBuffer?.[0]).toBe(2);
    const id = (worker.received[1] as Extract<ToWorker, { type: "run" }>).id;
    worker.done(id, { status: "error", outputs: [errorOutput("KeyboardInterrupt", "KeyboardInterrupt")] });
    const result = await running;
    expect(errors(result)).toBe("KeyboardInterrupt\nInterrupted.");
    expect(worker.terminated).toBe(false);
  });

  it("restarts the worker when Python ignores the interrupt", async () => {
    const kernel = readyKernel({ isolated: true });
    latest().onRun = () => {};
    const running = kernel.run("time.sleep(1000)");
    kernel.interrupt();
    await vi.advanceTimersByTimeAsync(1600);
    expect(errors(await running)).toMatch(/restarted/);
    expect(FakeWorker.instances).toHaveLength(2);
  });

  it("stops a run at the wall-clock limit", async () => {
    const kernel = readyKernel({ timeoutMs: 3000 });
    latest().onRun = () => {};
    const running = kernel.run("while True: pass");
    await vi.advanceTimersByTimeAsync(3000);
    expect(errors(await running)).toMatch(/ran longer than 3 s/);
  });

  it("reports a worker that cannot start, to every run", async () => {
    vi.stubGlobal("crossOriginIsolated", false);
    const kernel = new PythonKernel("/python-worker.mjs", 60_000);
    latest().onRun = () => {};
    const pending = kernel.run("1");
    latest().emit({ type: "failed", message: "Failed to fetch pyodide.asm.wasm" });
    expect(errors(await pending)).toBe("Python could not start: Failed to fetch pyodide.asm.wasm");
    expect(kernel.getStatus()).toBe("failed");
    expect(errors(await kernel.run("2"))).toMatch(/could not start/);
  });
});
