// The original's chat surface as a plugin: sessions.list, chat.send, chat.history, chat.abort
// and the chat/agent events, answered by any OpenAI-compatible chat-completions endpoint.
// Sessions are JSONL transcripts under the plugin's state folder.
import { definePlugin } from "@clawd/gateway-plugin";
import { createChatRuns } from "./src/chat-runs.js";
import { runCompletion } from "./src/run-completion.js";
import { ChatAbortParams, ChatConfig, ChatHistoryParams, ChatSendParams, SessionsListParams } from "./src/schemas.js";
import { createSessionStore } from "./src/session-store.js";
import { listSessions } from "./src/sessions-list.js";

/** chat.history returns at most this many messages when no limit is given (the original's default). */
export const HISTORY_DEFAULT_LIMIT = 200;

export default definePlugin({
  name: "chat",
  version: "1.0.0",
  config: ChatConfig,
  claims: { methods: ["sessions.list"], events: ["chat", "agent"] },
  setup(api) {
    const { config } = api;
    const apiKey = config.apiKey ?? process.env[config.apiKeyEnv];
    const settings = { ...config, apiKey };
    const store = createSessionStore(api.stateDir);
    const runs = createChatRuns();
    const events = { chat: api.event("chat"), agent: api.event("agent") };
    api.onStop(() => runs.abortAll());

    const abort = (sessionKey, runId, stopReason) => {
      const aborted = runs.abort(sessionKey, runId);
      for (const run of aborted) events.chat.emit({ runId: run.runId, sessionKey, seq: run.seq + 1, state: "aborted", stopReason });
      return aborted.map((run) => run.runId);
    };

    const send = api.method("send", {
      scope: "write",
      params: ChatSendParams,
      handler: async (p) => {
        if (p.message.trim().toLowerCase() === "/stop") {
          const runIds = abort(p.sessionKey, undefined, "stop");
          return { ok: true, aborted: runIds.length > 0, runIds };
        }
        const runId = p.idempotencyKey;
        const cached = runs.cached(runId);
        if (cached) return cached;
        if (runs.active.has(runId)) return { runId, status: "in_flight" };
        await store.append(p.sessionKey, { role: "user", content: [{ type: "text", text: p.message }], timestamp: Date.now() });
        const run = runs.start(runId, p.sessionKey);
        const timeoutMs = p.timeoutMs && p.timeoutMs > 0 ? p.timeoutMs : config.timeoutMs;
        void runCompletion({ run, store, settings, events, logger: api.logger, timeoutMs }).then((result) => runs.finish(runId, result));
        return { runId, status: "started" };
      },
    });

    const history = api.method("history", {
      scope: "read",
      params: ChatHistoryParams,
      handler: async ({ sessionKey, limit }) => {
        const entry = await store.get(sessionKey);
        const messages = await store.messages(sessionKey);
        const max = limit ?? HISTORY_DEFAULT_LIMIT;
        return { sessionKey, sessionId: entry?.sessionId, messages: messages.slice(-max), thinkingLevel: "off" };
      },
    });

    const abortMethod = api.method("abort", {
      scope: "write",
      params: ChatAbortParams,
      handler: ({ sessionKey, runId }) => {
        if (runId !== undefined) {
          const run = runs.active.get(runId);
          if (!run) return { ok: true, aborted: false, runIds: [] };
          if (run.sessionKey !== sessionKey) throw api.fail("INVALID_REQUEST", "runId does not match sessionKey");
        }
        const runIds = abort(sessionKey, runId, "rpc");
        return { ok: true, aborted: runIds.length > 0, runIds };
      },
    });

    const sessions = api.method("sessions.list", {
      scope: "read",
      params: SessionsListParams,
      handler: async (p) => listSessions(store, p, config.model),
    });

    return { send, history, abort: abortMethod, sessions };
  },
});
