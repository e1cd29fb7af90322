// Params of the original's chat surface (its protocol schemas: additional properties refused).
import * as v from "valibot";

const nonEmpty = v.pipe(v.string("must be a string"), v.nonEmpty("must not be empty"));
const positiveInt = (max) =>
  v.pipe(
    v.number("must be a number"),
    v.integer("must be a whole number"),
    v.minValue(1, "must be at least 1"),
    ...(max ? [v.maxValue(max, `must be at most ${max}`)] : []),
  );

export const ChatSendParams = v.strictObject({
  sessionKey: nonEmpty,
  message: nonEmpty,
  thinking: v.optional(v.string()),
  deliver: v.optional(v.boolean()),
  attachments: v.optional(v.array(v.unknown())),
  timeoutMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  idempotencyKey: nonEmpty,
});

export const ChatHistoryParams = v.strictObject({ sessionKey: nonEmpty, limit: v.optional(positiveInt(1000)) });

export const ChatAbortParams = v.strictObject({ sessionKey: nonEmpty, runId: v.optional(nonEmpty) });

export const SessionsListParams = v.strictObject({
  limit: v.optional(positiveInt()),
  activeMinutes: v.optional(positiveInt()),
  includeGlobal: v.optional(v.boolean()),
  includeUnknown: v.optional(v.boolean()),
  includeDerivedTitles: v.optional(v.boolean()),
  includeLastMessage: v.optional(v.boolean()),
  label: v.optional(v.string()),
  spawnedBy: v.optional(nonEmpty),
  agentId: v.optional(nonEmpty),
  search: v.optional(v.string()),
});

/** The plugin's config section. The API key comes from the environment unless given here. */
export const ChatConfig = v.object({
  baseUrl: v.pipe(v.string("must be a string"), v.regex(/^https?:\/\/[^\s/]+/i, "must be an http(s) URL such as http://127.0.0.1:11434/v1")),
  model: nonEmpty,
  apiKeyEnv: v.optional(nonEmpty, "OPENAI_API_KEY"),
  apiKey: v.optional(nonEmpty),
  systemPrompt: v.optional(v.string()),
  timeoutMs: v.optional(positiveInt(), 120_000),
  maxHistoryMessages: v.optional(positiveInt(), 50),
  deltaIntervalMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 150),
});
