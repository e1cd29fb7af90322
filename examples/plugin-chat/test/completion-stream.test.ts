// The SSE parser with an injected fetch: events split at arbitrary byte boundaries, error
// events, and streams that end early.
import { describe, expect, it } from "vitest";
import { streamCompletion } from "../src/completion-stream.js";

const encoder = new TextEncoder();
const sse = (...events: unknown[]) => events.map((e) => `data: ${typeof e === "string" ? e : JSON.stringify(e)}\n\n`).join("");
const chunk = (content: string) => ({ choices: [{ index: 0, delta: { content }, finish_reason: null }] });

/** A fetch that answers with `body` cut into pieces of `size` bytes. */
const fetchOf =
  (body: string, size: number, status = 200) =>
  async () => {
    const bytes = encoder.encode(body);
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < bytes.length; i += size) controller.enqueue(bytes.slice(i, i + size));
        controller.close();
      },
    });
    return new Response(stream, { status });
  };

const collect = async (fetchImpl: () => Promise<Response>) => {
  const parts: unknown[] = [];
  for await (const part of streamCompletion({ baseUrl: "http://x/v1", model: "m", messages: [], fetchImpl })) parts.push(part);
  return parts;
};

describe("streamCompletion", () => {
  it.each([1, 3, 7, 1000])("yields the same deltas whatever the chunking (%i-byte pieces)", async (size) => {
    const body = sse(
      chunk("Héllo"),
      chunk(" wörld"),
      { choices: [{ index: 0, delta: {}, finish_reason: "stop" }] },
      { choices: [], usage: { total_tokens: 3 } },
      "[DONE]",
    );
    expect(await collect(fetchOf(body, size))).toEqual([{ delta: "Héllo" }, { delta: " wörld" }, { usage: { total_tokens: 3 } }]);
  });

  it("says what went wrong: an error event, a non-JSON event, an HTTP error, an early end", async () => {
    await expect(collect(fetchOf(sse({ error: { message: "overloaded" } }), 5))).rejects.toThrow("model endpoint error: overloaded");
    await expect(collect(fetchOf("data: {oops\n\n", 5))).rejects.toThrow("model endpoint sent an event that is not JSON: {oops");
    await expect(collect(fetchOf(JSON.stringify({ error: { message: "model not found" } }), 100, 404))).rejects.toThrow(
      "model endpoint answered HTTP 404: model not found",
    );
    await expect(collect(fetchOf(sse(chunk("half")), 4))).rejects.toThrow("model stream ended before [DONE]");
  });
});
