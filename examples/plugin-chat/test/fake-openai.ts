// A local OpenAI-compatible chat-completions endpoint that streams tokens as server-sent
// events exactly like the real API (chunk objects, a usage chunk, `data: [DONE]`) and fails
// like it: HTTP errors with an `error` body, a stream that breaks off, a slow stream.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** What the next completion does. */
export interface FakeReply {
  tokens?: string[];
  /** Pause between tokens (lets a test abort mid-stream). */
  tokenDelayMs?: number;
  /** Answer with this HTTP status and an OpenAI-style error body instead of a stream. */
  status?: number;
  errorMessage?: string;
  /** Cut the connection after this many tokens (no [DONE]). */
  breakAfter?: number;
  /** Stop after this many tokens until the test calls `release()` (a reply caught mid-stream). */
  holdAfter?: number;
}

export interface FakeOpenAI {
  baseUrl: string;
  requests: Array<{ authorization: string | undefined; body: { model: string; stream: boolean; messages: Array<{ role: string; content: string }> } }>;
  /** Queues the behaviour of the next request (default: "Hello from the fake model."). */
  next(reply: FakeReply): void;
  /** Lets a reply held by `holdAfter` continue. */
  release(): void;
  close(): Promise<void>;
}

const DEFAULT_TOKENS = ["Hello", " from", " the", " fake", " model."];

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let data = "";
    req
      .setEncoding("utf8")
      .on("data", (c: string) => (data += c))
      .on("end", () => resolve(data));
  });

/** Starts the fake on 127.0.0.1 with an OS-picked port. */
export async function startFakeOpenAI(options: { apiKey?: string } = {}): Promise<FakeOpenAI> {
  const queue: FakeReply[] = [];
  let release = () => {};
  let held = new Promise<void>((resolve) => (release = resolve));
  const requests: FakeOpenAI["requests"] = [];
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
      res
        .writeHead(404, { "content-type": "application/json" })
        .end(JSON.stringify({ error: { message: `Unknown request URL: ${req.method} ${req.url}`, type: "invalid_request_error" } }));
      return;
    }
    const parsed = JSON.parse(body);
    requests.push({ authorization: req.headers.authorization, body: parsed });
    const reply = queue.shift() ?? {};
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      res
        .writeHead(401, { "content-type": "application/json" })
        .end(JSON.stringify({ error: { message: "Incorrect API key provided.", type: "invalid_request_error", code: "invalid_api_key" } }));
      return;
    }
    if (reply.status) {
      res
        .writeHead(reply.status, { "content-type": "application/json" })
        .end(JSON.stringify({ error: { message: reply.errorMessage ?? "failed", type: "server_error" } }));
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    const chunk = (delta: object, finish: string | null = null) =>
      `data: ${JSON.stringify({ id: "chatcmpl-fake", object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model: parsed.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    const tokens = reply.tokens ?? DEFAULT_TOKENS;
    res.write(chunk({ role: "assistant", content: "" }));
    for (let i = 0; i < tokens.length; i++) {
      if (reply.breakAfter !== undefined && i >= reply.breakAfter) {
        // Let what was written reach the client first, as when a real upstream dies mid-reply.
        await new Promise((r) => setTimeout(r, 50));
        res.socket?.destroy();
        return;
      }
      if (reply.holdAfter !== undefined && i === reply.holdAfter) await held;
      if (reply.tokenDelayMs) await new Promise((r) => setTimeout(r, reply.tokenDelayMs));
      if (res.destroyed) return;
      res.write(chunk({ content: tokens[i] }));
    }
    res.write(chunk({}, "stop"));
    res.write(
      `data: ${JSON.stringify({ id: "chatcmpl-fake", object: "chat.completion.chunk", choices: [], usage: { prompt_tokens: 12, completion_tokens: tokens.length, total_tokens: 12 + tokens.length } })}\n\n`,
    );
    res.end("data: [DONE]\n\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    next: (reply) => queue.push(reply),
    release: () => {
      release();
      held = new Promise<void>((resolve) => (release = resolve));
    },
    close: () =>
      new Promise<void>((resolve) => {
        release();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
