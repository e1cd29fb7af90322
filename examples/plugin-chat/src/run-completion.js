// One chat.send run: stream the model's reply as the original's `agent` and `chat` events,
// then save it to the transcript and send `final` (or `error`; `aborted` is sent by chat.abort).
import { streamCompletion } from "./completion-stream.js";

const textOf = (message) =>
  typeof message.content === "string"
    ? message.content
    : (message.content ?? [])
        .filter((c) => c?.type === "text")
        .map((c) => c.text)
        .join("");

/** Runs the completion for `run`; never throws (failures become `error` events). */
export async function runCompletion({ run, store, settings, events, logger, timeoutMs }) {
  const { runId, sessionKey } = run;
  const agent = (stream, data) => events.agent.emit({ runId, seq: ++run.seq, stream, ts: Date.now(), data, sessionKey });
  const chat = (payload) => events.chat.emit({ runId, sessionKey, seq: run.seq, ...payload }, payload.state === "delta" ? { dropIfSlow: true } : {});
  const timer = setTimeout(() => run.controller.abort(new Error(`no complete reply within ${timeoutMs}ms`)), timeoutMs);
  agent("lifecycle", { phase: "start", startedAt: Date.now() });
  let text = "";
  let usage;
  let lastDeltaAt = 0;
  try {
    const history = (await store.messages(sessionKey)).slice(-settings.maxHistoryMessages);
    const messages = [
      ...(settings.systemPrompt ? [{ role: "system", content: settings.systemPrompt }] : []),
      ...history.filter((m) => m.role === "user" || m.role === "assistant").map((m) => ({ role: m.role, content: textOf(m) })),
    ];
    for await (const part of streamCompletion({ ...settings, messages, signal: run.controller.signal })) {
      if (part.usage) usage = part.usage;
      if (!part.delta) continue;
      text += part.delta;
      agent("assistant", { text, delta: part.delta });
      const now = Date.now();
      // Deltas are throttled like the original's (every deltaIntervalMs at most).
      if (now - lastDeltaAt >= settings.deltaIntervalMs) {
        lastDeltaAt = now;
        chat({ state: "delta", message: { role: "assistant", content: [{ type: "text", text }], timestamp: now } });
      }
    }
    if (run.aborted) return { runId, status: "aborted" };
    const message = {
      role: "assistant",
      content: [{ type: "text", text }],
      timestamp: Date.now(),
      stopReason: "stop",
      usage: { input: usage?.prompt_tokens ?? 0, output: usage?.completion_tokens ?? 0, totalTokens: usage?.total_tokens ?? 0 },
    };
    await store.append(sessionKey, message, { model: settings.model, totalTokens: message.usage.totalTokens });
    agent("lifecycle", { phase: "end", endedAt: Date.now() });
    chat({ state: "final", message });
    return { runId, status: "ok" };
  } catch (error) {
    if (run.aborted) return { runId, status: "aborted" };
    const reason = run.controller.signal.aborted ? String(run.controller.signal.reason?.message ?? "timed out") : error.message;
    logger.warn(`run ${runId} (${sessionKey}) failed: ${reason}`);
    agent("lifecycle", { phase: "error", error: reason });
    chat({ state: "error", errorMessage: reason });
    return { runId, status: "error", summary: reason };
  } finally {
    clearTimeout(timer);
  }
}
