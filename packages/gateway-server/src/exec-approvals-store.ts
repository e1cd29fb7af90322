// The gateway's own exec approvals file (`exec.approvals.get/set`), in the original's format:
// `{version: 1, socket?: {path?, token?}, defaults?: {security, ask, askFallback, autoAllowSkills},
// agents?: {<agentId>: {…defaults fields, allowlist?: [{id, pattern, lastUsedAt, …}]}}}`.
// It lives at `<stateDir>/exec-approvals.json` (mode 0600, written atomically) and is read
// from disk on every call, so an edit by hand is seen and its hash moves. The hash is the
// SHA-256 of the file's raw text: `set` must name the hash it read (`baseHash`), so two
// editors never overwrite each other silently. Unlike the original, a file that is not JSON
// or not version 1 is reported with its path and never replaced by an empty one.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "@clawd/daemon";
import { hasMarker } from "./error-marker.js";

/** Mode of the file: it holds the approvals socket's token. */
export const EXEC_APPROVALS_FILE_MODE = 0o600;
/** File name under the state dir (the original's `~/.clawdbot/exec-approvals.json`). */
export const EXEC_APPROVALS_FILE_NAME = "exec-approvals.json";
/** Socket path recorded in a new file (the original's `~/.clawdbot/exec-approvals.sock`); the gateway itself opens no socket. */
export const EXEC_APPROVALS_SOCKET_NAME = "exec-approvals.sock";
/** What `path` says when the gateway runs without a state dir (kept in memory). */
export const EXEC_APPROVALS_MEMORY_PATH = "(in memory: the gateway has no state dir)";
/** The agent the legacy `agents.default` entry is merged into (as the original). */
export const DEFAULT_APPROVALS_AGENT_ID = "main";

export interface ExecAllowlistEntry {
  id?: string;
  pattern: string;
  lastUsedAt?: number;
  lastUsedCommand?: string;
  lastResolvedPath?: string;
}
export interface ExecApprovalsPolicy {
  security?: string;
  ask?: string;
  askFallback?: string;
  autoAllowSkills?: boolean;
}
export interface ExecApprovalsAgent extends ExecApprovalsPolicy {
  allowlist?: ExecAllowlistEntry[];
}
export interface ExecApprovalsFile {
  version: 1;
  socket?: { path?: string; token?: string };
  defaults?: ExecApprovalsPolicy;
  agents?: Record<string, ExecApprovalsAgent>;
}

/** What `exec.approvals.get/set` answer: the socket token is never part of it. */
export interface ExecApprovalsSnapshot {
  path: string;
  exists: boolean;
  hash: string;
  file: ExecApprovalsFile;
}

const FILE_ERROR = Symbol.for("clawd.error.ExecApprovalsFileError");
const CONFLICT_ERROR = Symbol.for("clawd.error.ExecApprovalsConflictError");

/** The file exists but cannot be used: the gateway refuses to guess or to reset it. */
export class ExecApprovalsFileError extends Error {
  readonly code = "EXEC_APPROVALS_CORRUPT";
  constructor(
    readonly path: string,
    cause: string,
  ) {
    super(`exec approvals file ${path} is unreadable (${cause}); fix or move it aside — it is never reset automatically`);
    Object.defineProperty(this, FILE_ERROR, { value: true });
  }

  /** An ExecApprovalsFileError from any copy of @clawd/gateway-server. */
  static isInstance(value: unknown): value is ExecApprovalsFileError {
    return hasMarker(value, FILE_ERROR);
  }
}

/** `set` was refused: no base hash, or the file changed since the caller read it. */
export class ExecApprovalsConflictError extends Error {
  readonly code = "EXEC_APPROVALS_CONFLICT";
  constructor(message: string) {
    super(message);
    Object.defineProperty(this, CONFLICT_ERROR, { value: true });
  }

  /** An ExecApprovalsConflictError from any copy of @clawd/gateway-server. */
  static isInstance(value: unknown): value is ExecApprovalsConflictError {
    return hasMarker(value, CONFLICT_ERROR);
  }
}

export interface ExecApprovalsStore {
  /** The file's path, or EXEC_APPROVALS_MEMORY_PATH. */
  readonly path: string;
  /** Reads the file, creating it with a socket path and token first when it is missing (as the original). */
  get(): Promise<ExecApprovalsSnapshot>;
  /** Replaces the file when `baseHash` is the hash of what is on disk now. */
  set(file: ExecApprovalsFile, baseHash: string | undefined): Promise<ExecApprovalsSnapshot>;
}

const hashText = (raw: string | null): string =>
  createHash("sha256")
    .update(raw ?? "")
    .digest("hex");
const trimmed = (value: unknown): string | undefined => (typeof value === "string" && value.trim() ? value.trim() : undefined);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Agents with the legacy `default` entry merged into `main` and every allowlist entry given an id (the original's normalisation). */
function normalizeAgents(agents: Record<string, ExecApprovalsAgent> | undefined): Record<string, ExecApprovalsAgent> {
  const out: Record<string, ExecApprovalsAgent> = { ...agents };
  const legacy = out.default;
  if (legacy) {
    delete out.default;
    const main = out[DEFAULT_APPROVALS_AGENT_ID];
    if (!main) out[DEFAULT_APPROVALS_AGENT_ID] = legacy;
    else {
      const seen = new Set<string>();
      const allowlist = [...(main.allowlist ?? []), ...(legacy.allowlist ?? [])].filter((entry) => {
        const key = entry.pattern.trim().toLowerCase();
        if (!key || seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      out[DEFAULT_APPROVALS_AGENT_ID] = {
        security: main.security ?? legacy.security,
        ask: main.ask ?? legacy.ask,
        askFallback: main.askFallback ?? legacy.askFallback,
        autoAllowSkills: main.autoAllowSkills ?? legacy.autoAllowSkills,
        ...(allowlist.length > 0 ? { allowlist } : {}),
      };
    }
  }
  for (const [key, agent] of Object.entries(out)) {
    if (agent.allowlist?.some((entry) => !entry.id))
      out[key] = { ...agent, allowlist: agent.allowlist.map((entry) => (entry.id ? entry : { ...entry, id: randomUUID() })) };
  }
  return out;
}

/** The file as the original writes it: version 1, socket and defaults always present, ids on allowlist entries. */
export function normalizeExecApprovals(file: ExecApprovalsFile): ExecApprovalsFile {
  const path = trimmed(file.socket?.path);
  const token = trimmed(file.socket?.token);
  const defaults = file.defaults ?? {};
  return {
    version: 1,
    socket: { ...(path ? { path } : {}), ...(token ? { token } : {}) },
    defaults: {
      ...(defaults.security !== undefined ? { security: defaults.security } : {}),
      ...(defaults.ask !== undefined ? { ask: defaults.ask } : {}),
      ...(defaults.askFallback !== undefined ? { askFallback: defaults.askFallback } : {}),
      ...(defaults.autoAllowSkills !== undefined ? { autoAllowSkills: defaults.autoAllowSkills } : {}),
    },
    agents: normalizeAgents(file.agents),
  };
}

/** The snapshot's file: the socket keeps its path only (the token is a secret). */
function redact(file: ExecApprovalsFile): ExecApprovalsFile {
  const path = trimmed(file.socket?.path);
  const { socket: _socket, ...rest } = file;
  return path ? { ...rest, socket: { path } } : rest;
}

/** Checks what was parsed from disk is a version-1 file whose parts have the right shapes. */
function assertFileShape(parsed: unknown, path: string): ExecApprovalsFile {
  if (!isObject(parsed)) throw new ExecApprovalsFileError(path, "not a JSON object");
  if (parsed.version !== 1) throw new ExecApprovalsFileError(path, `version is ${JSON.stringify(parsed.version)}, expected 1`);
  if (parsed.socket !== undefined && !isObject(parsed.socket)) throw new ExecApprovalsFileError(path, "socket is not an object");
  if (parsed.defaults !== undefined && !isObject(parsed.defaults)) throw new ExecApprovalsFileError(path, "defaults is not an object");
  if (parsed.agents !== undefined) {
    if (!isObject(parsed.agents)) throw new ExecApprovalsFileError(path, "agents is not an object");
    for (const [id, agent] of Object.entries(parsed.agents)) {
      if (!isObject(agent)) throw new ExecApprovalsFileError(path, `agents.${id} is not an object`);
      if (agent.allowlist === undefined) continue;
      if (!Array.isArray(agent.allowlist)) throw new ExecApprovalsFileError(path, `agents.${id}.allowlist is not an array`);
      agent.allowlist.forEach((entry, i) => {
        if (!isObject(entry) || typeof entry.pattern !== "string") throw new ExecApprovalsFileError(path, `agents.${id}.allowlist[${i}] has no pattern`);
      });
    }
  }
  return parsed as unknown as ExecApprovalsFile;
}

/** Whether normalising would change the agents (an allowlist entry without an id, a legacy `default` agent). */
function needsNormalizing(file: ExecApprovalsFile): boolean {
  const agents = file.agents ?? {};
  return "default" in agents || Object.values(agents).some((agent) => agent.allowlist?.some((entry) => !entry.id));
}

/** Opens the store in `stateDir` (undefined: kept in memory). Calls run one at a time. */
export function createExecApprovalsStore(stateDir: string | undefined, options: { newToken?: () => string } = {}): ExecApprovalsStore {
  const filePath = stateDir ? join(stateDir, EXEC_APPROVALS_FILE_NAME) : undefined;
  const defaultSocketPath = stateDir ? join(stateDir, EXEC_APPROVALS_SOCKET_NAME) : undefined;
  const newToken = options.newToken ?? (() => randomBytes(24).toString("base64url"));
  let memory: string | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  const readRaw = async (): Promise<string | null> => {
    if (!filePath) return memory;
    try {
      return await readFile(filePath, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw new ExecApprovalsFileError(filePath, (error as Error).message);
    }
  };
  const parse = (raw: string): ExecApprovalsFile => {
    const where = filePath ?? EXEC_APPROVALS_MEMORY_PATH;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      throw new ExecApprovalsFileError(where, `not valid JSON: ${(error as Error).message}`);
    }
    return normalizeExecApprovals(assertFileShape(parsed, where));
  };
  const write = async (file: ExecApprovalsFile): Promise<void> => {
    const text = `${JSON.stringify(file, null, 2)}\n`;
    if (filePath) await writeFileAtomic(filePath, text, EXEC_APPROVALS_FILE_MODE);
    else memory = text;
  };
  const snapshot = (raw: string): ExecApprovalsSnapshot => ({
    path: filePath ?? EXEC_APPROVALS_MEMORY_PATH,
    exists: true,
    hash: hashText(raw),
    file: redact(parse(raw)),
  });
  /** Reads the file; a missing one, or one without socket path or token, is completed and written first. */
  const ensure = async (): Promise<string> => {
    const raw = await readRaw();
    const file = raw === null ? normalizeExecApprovals({ version: 1, agents: {} }) : parse(raw);
    const path = trimmed(file.socket?.path) ?? defaultSocketPath;
    const token = trimmed(file.socket?.token);
    // Ids given to allowlist entries and a merged legacy `default` agent are written back, so they stay stable.
    const settled = raw !== null && !needsNormalizing(JSON.parse(raw) as ExecApprovalsFile);
    if (settled && token && (path === undefined || trimmed(file.socket?.path))) return raw;
    await write({ ...file, socket: { ...(path ? { path } : {}), token: token ?? newToken() } });
    return (await readRaw()) ?? "";
  };

  return {
    path: filePath ?? EXEC_APPROVALS_MEMORY_PATH,
    get: () => serially(async () => snapshot(await ensure())),
    set: (incoming, baseHash) =>
      serially(async () => {
        const raw = await ensure();
        if (!baseHash) throw new ExecApprovalsConflictError("exec approvals base hash required; re-run exec.approvals.get and retry");
        if (baseHash !== hashText(raw)) throw new ExecApprovalsConflictError("exec approvals changed since last load; re-run exec.approvals.get and retry");
        const current = parse(raw);
        const next = normalizeExecApprovals(incoming);
        // The socket's path and token stay unless the caller names new ones (clients never see the token).
        const path = trimmed(next.socket?.path) ?? trimmed(current.socket?.path) ?? defaultSocketPath;
        const token = trimmed(next.socket?.token) ?? trimmed(current.socket?.token) ?? "";
        await write({ ...next, socket: { ...(path ? { path } : {}), token } });
        return snapshot((await readRaw()) ?? "");
      }),
  };
}
