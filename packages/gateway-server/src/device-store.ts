// Where pairing state lives: `<stateDir>/devices/pending.json` and `paired.json` (the
// original's files; `<stateDir>/nodes/` for the legacy node pairing), read once, kept in memory, written atomically with mode 0600 after each
// change. Changes run one at a time. A file that cannot be read or parsed is reported with
// its path on every use and never overwritten: a paired device list is not silently reset.
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "@clawd/daemon";
import { type DevicePairingState, DEVICE_PAIRING_PENDING_TTL_MS, type PairingClock, pruneExpiredRequests } from "./device-pairing.js";
import { hasMarker } from "./error-marker.js";

/** Pending requests (each with its `ts`) and paired entries, one JSON file each. */
export interface PairState<P extends { ts: number } = { ts: number }, Q = unknown> {
  pendingById: Record<string, P>;
  pairedById: Record<string, Q>;
}

/** Mode of the store's files: they hold device tokens. */
export const DEVICE_STORE_FILE_MODE = 0o600;

// Recognised by a Symbol.for marker (isInstance), not instanceof, across copies of this package.
const DEVICE_STORE_ERROR = Symbol.for("clawd.error.DeviceStoreError");

/** A store file exists but is not a JSON object: the gateway refuses to guess. */
export class DeviceStoreError extends Error {
  readonly code = "DEVICE_STORE_CORRUPT";
  constructor(
    readonly path: string,
    cause: string,
  ) {
    super(`device store ${path} is unreadable (${cause}); fix or move it aside — it is never reset automatically`);
    Object.defineProperty(this, DEVICE_STORE_ERROR, { value: true });
  }

  /** A DeviceStoreError from any copy of @clawd/gateway-server. */
  static isInstance(value: unknown): value is DeviceStoreError {
    return hasMarker(value, DEVICE_STORE_ERROR);
  }
}

export interface PairStore<S extends PairState> {
  /** The directory (undefined: kept in memory only). */
  readonly dir: string | undefined;
  /** Runs `fn` on the current state (expired requests pruned) and persists it when `fn` says it changed it. */
  update<T>(fn: (state: S) => { result: T; changed: boolean }): Promise<T>;
  /** Runs `fn` on the current state without persisting. */
  read<T>(fn: (state: S) => T): Promise<T>;
  readonly clock: PairingClock;
}

/** The device pairing store. */
export type DeviceStore = PairStore<DevicePairingState>;

/** The default clock: wall time, UUID request ids, 32-hex tokens (the original's format). */
export const systemPairingClock: PairingClock = {
  now: () => Date.now(),
  newRequestId: () => randomUUID(),
  newToken: () => randomUUID().replaceAll("-", ""),
};

async function readObject(path: string): Promise<Record<string, never> | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new DeviceStoreError(path, (error as Error).message);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DeviceStoreError(path, `not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new DeviceStoreError(path, "not a JSON object");
  return parsed as Record<string, never>;
}

/** Opens the device store in `stateDir` (lazily: nothing is read until first use). */
export function createDeviceStore(stateDir: string | undefined, options: { clock?: PairingClock; pendingTtlMs?: number } = {}): DeviceStore {
  return createPairStore<DevicePairingState>(stateDir, "devices", options);
}

/** Opens a pair store in `<stateDir>/<folder>/` (lazily). */
export function createPairStore<S extends PairState>(
  stateDir: string | undefined,
  folder: string,
  options: { clock?: PairingClock; pendingTtlMs?: number } = {},
): PairStore<S> {
  const clock = options.clock ?? systemPairingClock;
  const ttlMs = options.pendingTtlMs ?? DEVICE_PAIRING_PENDING_TTL_MS;
  const dir = stateDir ? join(stateDir, folder) : undefined;
  const pendingPath = dir && join(dir, "pending.json");
  const pairedPath = dir && join(dir, "paired.json");
  let state: S | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  const load = async (): Promise<S> => {
    if (state) return state;
    if (!pendingPath || !pairedPath) return (state = { pendingById: {}, pairedById: {} } as S);
    const [pending, paired] = await Promise.all([readObject(pendingPath), readObject(pairedPath)]);
    return (state = { pendingById: pending ?? {}, pairedById: paired ?? {} } as unknown as S);
  };
  const persist = async (current: S): Promise<void> => {
    if (!pendingPath || !pairedPath) return;
    await writeFileAtomic(pendingPath, `${JSON.stringify(current.pendingById, null, 2)}\n`, DEVICE_STORE_FILE_MODE);
    await writeFileAtomic(pairedPath, `${JSON.stringify(current.pairedById, null, 2)}\n`, DEVICE_STORE_FILE_MODE);
  };
  const serially = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  return {
    dir,
    clock,
    update: (fn) =>
      serially(async () => {
        const current = await load();
        const pruned = pruneExpiredRequests(current, clock.now(), ttlMs);
        const { result, changed } = fn(current);
        if (changed || pruned) await persist(current);
        return result;
      }),
    read: (fn) =>
      serially(async () => {
        const current = await load();
        pruneExpiredRequests(current, clock.now(), ttlMs);
        return fn(current);
      }),
  };
}
