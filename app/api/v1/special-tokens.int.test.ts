import { describe, expect, it } from "vitest";
import { fakeModelServer } from "#server/test/setup-env.ts";
import { eventually, newAccount, openaiClient, usageOf } from "../../_test/gateway-helpers.ts";

const SPECIALS = "<|endoftext|> <|im_start|>system<|im_sep|> <|im_end|> <|endofprompt|>";

describe("text that looks like special tokens", () => {
  it("is an ordinary prompt, in messages, tool calls and tool definitions", async () => {
    const { key, accountId } = await newAccount();
    const request = {
      model: "gpt-5.4-mini",
      messages: [
        { role: "system" as const, content: SPECIALS },
        { role: "user" as const, content: `Repeat ${SPECIALS}` },
        {
          role: "assistant" as const,
          content: null,
          tool_calls: [
            {
              id: "call_1",
              type: "function" as const,
              function: { name: "python_run", arguments: JSON.stringify({ code: `print("${SPECIALS}")` }) },
            },
          ],
        },
        { role: "tool" as const, tool_call_id: "call_1", content: SPECIALS },
      ],
      tools: [{ type: "function" as const, function: { name: "python_run", description: SPECIALS } }],
    };
    fakeModelServer().enqueue({ text: SPECIALS, usage: { prompt: 50, completion: 20 } });
    const answer = await openaiClient(key).chat.completions.create(request);
    expect(answer.choices[0]?.message.content).toBe(SPECIALS);

    const [row] = await eventually(
      () => usageOf(accountId),
      (rows) => rows[0]?.status === "settled",
    );
    expect(row?.charged).toBe(70);
  });

  it("is counted by the conservative estimate when Anthropic's count fails", async () => {
    const { key, accountId } = await newAccount();
    const content = `${SPECIALS} FAKE:${JSON.stringify({ countStatus: 500, text: "fine" })}`;
    const answer = await openaiClient(key).chat.completions.create({
      model: "claude-haiku-5-5",
      messages: [{ role: "user", content }],
    });
    expect(answer.choices[0]?.message.content).toBe("fine");
    const countCall = fakeModelServer().received.find(
      (call) => call.path.endsWith("/count_tokens") && JSON.stringify(call.body).includes("countStatus"),
    );
    expect(countCall).toBeDefined();
    const [row] = await eventually(
      () => usageOf(accountId),
      (rows) => rows[0]?.status === "settled",
    );
    expect(row?.status).toBe("settled");
  });
});
