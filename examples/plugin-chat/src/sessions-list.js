// sessions.list in the original's result shape: { ts, path, count, defaults, sessions }.

/** Lists sessions newest first, filtered like the original (search, activeMinutes, limit). */
export async function listSessions(store, params, model) {
  const now = Date.now();
  let sessions = (await store.list())
    .map((s) => ({
      key: s.key,
      kind: "direct",
      displayName: s.key,
      updatedAt: s.updatedAt ?? null,
      sessionId: s.sessionId,
      modelProvider: "openai-compatible",
      model: s.model ?? model,
      totalTokens: s.totalTokens ?? 0,
    }))
    .sort((a, b) => (b.updatedAt ?? 0) - (a.updatedAt ?? 0));
  const search = params.search?.trim().toLowerCase();
  if (search) sessions = sessions.filter((s) => [s.key, s.sessionId, s.displayName].some((f) => f.toLowerCase().includes(search)));
  if (params.activeMinutes !== undefined) sessions = sessions.filter((s) => (s.updatedAt ?? 0) >= now - params.activeMinutes * 60_000);
  if (params.limit !== undefined) sessions = sessions.slice(0, params.limit);
  return { ts: now, path: store.path, count: sessions.length, defaults: { modelProvider: "openai-compatible", model, contextTokens: null }, sessions };
}
