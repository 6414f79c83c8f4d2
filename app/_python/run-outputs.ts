/**
 * One cell's outputs as the worker gathers them: stream text as Python writes it, displays as
 * the runtime publishes them, kept in order, forwarded to the page as they come and capped so
 * one cell cannot flood the page or the database.
 */
import {
  appendOutput,
  type CellOutput,
  type ErrorOutput,
  type StreamOutput,
} from "#common/nbformat-outputs.ts";

/** Output is forwarded as it comes, a few times a second at most, and in full at the end of a run. */
const FLUSH_INTERVAL_MS = 50;

/** Per stream and run; the database keeps the same (server/agent/tool-calls.ts). */
export const STREAM_CHARS_LIMIT = 200_000;
/** Displays per run, and their total size as JSON text. */
export const DISPLAY_COUNT_LIMIT = 100;
export const DISPLAY_CHARS_LIMIT = 8_000_000;

type Stream = StreamOutput["name"];

const megabytes = (chars: number) => `${(chars / 1_000_000).toFixed(1)} MB`;

export class RunOutputs {
  private outputs: CellOutput[] = [];
  private readonly decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  private pending = { stdout: "", stderr: "" };
  private kept = { stdout: 0, stderr: 0 };
  private dropped = { stdout: 0, stderr: 0 };
  private displays = 0;
  private displayChars = 0;
  private lastFlush = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** `forward` sends each output to the page as it happens (stream text in pieces). */
  constructor(private readonly forward: (output: CellOutput) => void) {}

  /** Bytes Python wrote to stdout or stderr; answers how many were taken (all of them). */
  write(stream: Stream, bytes: Uint8Array) {
    this.take(stream, this.decoders[stream].decode(bytes, { stream: true }));
    // Synchronous Python never yields to timers, so a busy cell is flushed from its own writes.
    if (performance.now() - this.lastFlush >= FLUSH_INTERVAL_MS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_INTERVAL_MS);
    return bytes.length;
  }

  /** A line of our own on the run's stderr (a missing package, /data that could not be saved). */
  note(line: string) {
    this.take("stderr", `${line}\n`);
    this.flush();
  }

  /**
   * An output the runtime published, as JSON text. Text written before it is shown before it;
   * past the caps, a short note stands in for it.
   */
  publish(json: string) {
    this.flush();
    this.displays++;
    this.displayChars += json.length;
    if (this.displays > DISPLAY_COUNT_LIMIT) return;
    const output =
      this.displayChars > DISPLAY_CHARS_LIMIT
        ? tooLarge(
            `This output (${megabytes(json.length)}) is not shown: the cell's outputs passed ${megabytes(DISPLAY_CHARS_LIMIT)}.`,
          )
        : (JSON.parse(json) as CellOutput);
    this.record(output.output_type === "error" ? clipError(output) : output);
  }

  /** Everything, in order, once the run is over. */
  finish(): CellOutput[] {
    for (const stream of ["stdout", "stderr"] as const) this.take(stream, this.decoders[stream].decode());
    this.flush();
    const notes = [
      ...(["stdout", "stderr"] as const).flatMap((stream) =>
        this.dropped[stream]
          ? [`… ${this.dropped[stream].toLocaleString("en")} more characters of ${stream} were not kept.`]
          : [],
      ),
      ...(this.displays > DISPLAY_COUNT_LIMIT
        ? [
            `… ${this.displays - DISPLAY_COUNT_LIMIT} more outputs were not kept (at most ${DISPLAY_COUNT_LIMIT} a cell).`,
          ]
        : []),
    ];
    if (notes.length) this.record({ output_type: "stream", name: "stderr", text: `${notes.join("\n")}\n` });
    return this.outputs;
  }

  private take(stream: Stream, text: string) {
    const room = Math.max(0, STREAM_CHARS_LIMIT - this.kept[stream]);
    this.pending[stream] += text.slice(0, room);
    this.kept[stream] += Math.min(room, text.length);
    this.dropped[stream] += Math.max(0, text.length - room);
  }

  private flush() {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.lastFlush = performance.now();
    for (const stream of ["stdout", "stderr"] as const) {
      const text = this.pending[stream];
      this.pending[stream] = "";
      if (text) this.record({ output_type: "stream", name: stream, text });
    }
  }

  private record(output: CellOutput) {
    this.outputs = appendOutput(this.outputs, output);
    this.forward(output);
  }
}

/** An exception's message can be any size (a huge repr, say): it is kept like a stream. */
function clipError(error: ErrorOutput): ErrorOutput {
  const clip = (text: string) =>
    text.length <= STREAM_CHARS_LIMIT / 2
      ? text
      : `${text.slice(0, STREAM_CHARS_LIMIT / 4)}\n… (${(text.length - STREAM_CHARS_LIMIT / 2).toLocaleString("en")} characters left out) …\n${text.slice(-STREAM_CHARS_LIMIT / 4)}`;
  return { ...error, evalue: clip(error.evalue), traceback: [clip(error.traceback.join("\n"))] };
}

const tooLarge = (text: string): CellOutput => ({
  output_type: "display_data",
  data: { "text/plain": text },
  metadata: {},
});
