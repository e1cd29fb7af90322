// Bounded pools of values that repeat across thousands of sockets. JSON.parse and header
// parsing give every connection its own copy of "linux", "operator.read" or the peer address,
// and its own scope list and client record; keeping one shared copy makes an idle connection
// cheaper. Shared values are frozen: a handler that receives one cannot change another's.
import { STRING_POOL_MAX_ENTRIES, STRING_POOL_MAX_LENGTH } from "./limits.js";

/** Returns the pooled copy of `text` (adding it while the pool has room). */
export type InternString = (text: string) => string;

/** Returns the value pooled under `key`, made by `make` the first time (while the pool has room). */
export type SharePooled = <T>(key: string, make: () => T) => T;

/** Creates a pool of at most `maxEntries` values under keys of at most `maxKeyLength` characters. */
export function createSharedPool(maxEntries = STRING_POOL_MAX_ENTRIES, maxKeyLength = STRING_POOL_MAX_LENGTH): SharePooled {
  const pool = new Map<string, unknown>();
  return <T>(key: string, make: () => T): T => {
    if (key.length > maxKeyLength) return make();
    if (pool.has(key)) return pool.get(key) as T;
    const value = make();
    // Once full, new values stay private: a client cannot grow the pool without bound.
    if (pool.size < maxEntries) pool.set(key, value);
    return value;
  };
}

/** Creates a pool holding at most `maxEntries` strings of at most `maxLength` characters. */
export function createStringPool(maxEntries = STRING_POOL_MAX_ENTRIES, maxLength = STRING_POOL_MAX_LENGTH): InternString {
  const share = createSharedPool(maxEntries, maxLength);
  return (text) => share(text, () => text);
}
