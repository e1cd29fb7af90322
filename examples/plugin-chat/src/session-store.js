// Sessions as files under the plugin's state folder: `sessions.json` (key → session entry,
// written atomically) and one `<sessionId>.jsonl` transcript per session, one line per message,
// in the original's transcript shape ({ type: "message", id, timestamp, message }).
import { randomUUID } from "node:crypto";
import { appendFile, mkdir, open, readFile, rename } from "node:fs/promises";
import { join } from "node:path";

/** Opens (creating on first write) the session store in `dir`. */
export function createSessionStore(dir) {
  const indexPath = join(dir, "sessions.json");
  let index;
  let writing = Promise.resolve();

  const load = async () => {
    if (index) return index;
    try {
      index = JSON.parse(await readFile(indexPath, "utf8"));
    } catch (error) {
      if (error.code !== "ENOENT") throw new Error(`cannot read ${indexPath}: ${error.message}`);
      index = {};
    }
    return index;
  };
  // Temp file + fsync + rename: a crash never leaves a half-written index.
  const save = () => {
    writing = writing.then(async () => {
      const tmp = `${indexPath}.${process.pid}.tmp`;
      const file = await open(tmp, "w", 0o600);
      try {
        await file.writeFile(JSON.stringify(index, null, 2));
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(tmp, indexPath);
    });
    return writing;
  };
  const transcriptPath = (sessionId) => join(dir, `${sessionId}.jsonl`);

  return {
    path: indexPath,
    /** The entry for `key`, created (with a new transcript) when missing. */
    async ensure(key) {
      const all = await load();
      if (all[key]) return all[key];
      const now = Date.now();
      const entry = { sessionId: randomUUID(), createdAt: now, updatedAt: now };
      await mkdir(dir, { recursive: true });
      const header = { type: "session", version: 1, id: entry.sessionId, timestamp: new Date(now).toISOString() };
      await appendFile(transcriptPath(entry.sessionId), `${JSON.stringify(header)}\n`, { mode: 0o600 });
      all[key] = entry;
      await save();
      return entry;
    },
    async get(key) {
      return (await load())[key];
    },
    async list() {
      return Object.entries(await load()).map(([key, entry]) => ({ key, ...entry }));
    },
    /** Appends one message to the session's transcript and bumps its updatedAt. */
    async append(key, message, patch = {}) {
      const entry = await this.ensure(key);
      const line = { type: "message", id: randomUUID().slice(0, 8), timestamp: new Date(message.timestamp).toISOString(), message };
      await appendFile(transcriptPath(entry.sessionId), `${JSON.stringify(line)}\n`);
      Object.assign(entry, patch, { updatedAt: Date.now() });
      await save();
      return line;
    },
    /** The session's messages, oldest first (lines that do not parse are skipped, not fatal). */
    async messages(key) {
      const entry = (await load())[key];
      if (!entry) return [];
      let text;
      try {
        text = await readFile(transcriptPath(entry.sessionId), "utf8");
      } catch (error) {
        if (error.code === "ENOENT") return [];
        throw error;
      }
      const out = [];
      for (const raw of text.split("\n")) {
        if (!raw.trim()) continue;
        try {
          const line = JSON.parse(raw);
          if (line.type === "message" && line.message) out.push(line.message);
        } catch {}
      }
      return out;
    },
  };
}
