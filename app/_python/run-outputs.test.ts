import { describe, expect, it } from "vitest";
import type { CellOutput } from "#common/nbformat-outputs.ts";
import { DISPLAY_CHARS_LIMIT, DISPLAY_COUNT_LIMIT, RunOutputs, STREAM_CHARS_LIMIT } from "./run-outputs.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const display = (text: string) =>
  JSON.stringify({ output_type: "display_data", data: { "text/plain": text }, metadata: {} });

function recorder() {
  const forwarded: CellOutput[] = [];
  return { forwarded, outputs: new RunOutputs((output) => forwarded.push(output)) };
}

describe("RunOutputs", () => {
  it("keeps text written before a display before it, and joins consecutive writes", () => {
    const { outputs } = recorder();
    outputs.write("stdout", bytes("a"));
    outputs.write("stdout", bytes("b\n"));
    outputs.publish(display("chart"));
    outputs.write("stdout", bytes("after\n"));
    outputs.write("stderr", bytes("warning\n"));
    expect(outputs.finish()).toEqual([
      { output_type: "stream", name: "stdout", text: "ab\n" },
      { output_type: "display_data", data: { "text/plain": "chart" }, metadata: {} },
      { output_type: "stream", name: "stdout", text: "after\n" },
      { output_type: "stream", name: "stderr", text: "warning\n" },
    ]);
  });

  it("decodes a character split across two writes", () => {
    const { outputs } = recorder();
    const euro = bytes("€");
    outputs.write("stdout", euro.slice(0, 1));
    outputs.write("stdout", euro.slice(1));
    expect(outputs.finish()).toEqual([{ output_type: "stream", name: "stdout", text: "€" }]);
  });

  it("forwards every output to the page as it is recorded", () => {
    const { outputs, forwarded } = recorder();
    outputs.write("stdout", bytes("x\n"));
    outputs.publish(display("y"));
    outputs.finish();
    expect(forwarded.map((output) => output.output_type)).toEqual(["stream", "display_data"]);
  });

  it("keeps at most the stream limit and says how much was left out", () => {
    const { outputs } = recorder();
    outputs.write("stdout", bytes("x".repeat(STREAM_CHARS_LIMIT - 10)));
    outputs.write("stdout", bytes("y".repeat(25)));
    const [stdout, note] = outputs.finish();
    expect(stdout).toMatchObject({ name: "stdout" });
    expect((stdout as { text: string }).text).toHaveLength(STREAM_CHARS_LIMIT);
    expect(note).toEqual({
      output_type: "stream",
      name: "stderr",
      text: "… 15 more characters of stdout were not kept.\n",
    });
  });

  it("keeps a huge exception message within the stream limit, both ends of it", () => {
    const { outputs } = recorder();
    const message = `start${"x".repeat(STREAM_CHARS_LIMIT * 2)}end`;
    outputs.publish(
      JSON.stringify({ output_type: "error", ename: "E", evalue: message, traceback: [message] }),
    );
    const [error] = outputs.finish() as unknown as [{ evalue: string; traceback: string[] }];
    expect(error.evalue.length).toBeLessThan(STREAM_CHARS_LIMIT);
    expect(error.evalue).toMatch(/^startx+\n… \([\d,]+ characters left out\) …\nx+end$/);
    expect(error.traceback.join("").length).toBeLessThan(STREAM_CHARS_LIMIT);
  });

  it("caps the number of displays and their total size", () => {
    const { outputs } = recorder();
    for (let i = 0; i < DISPLAY_COUNT_LIMIT + 3; i++) outputs.publish(display(String(i)));
    const all = outputs.finish();
    expect(all).toHaveLength(DISPLAY_COUNT_LIMIT + 1);
    expect(all.at(-1)).toMatchObject({ text: expect.stringContaining("3 more outputs were not kept") });

    const big = recorder().outputs;
    big.publish(display("a".repeat(DISPLAY_CHARS_LIMIT - 100)));
    big.publish(display("b".repeat(1000)));
    const [first, second] = big.finish();
    expect((first as { data: Record<string, string> }).data["text/plain"]).toHaveLength(
      DISPLAY_CHARS_LIMIT - 100,
    );
    expect(second).toMatchObject({
      data: { "text/plain": expect.stringMatching(/^This output .* is not shown/) },
    });
  });
});
