// A bounded pool of short strings. JSON.parse and header parsing give every connection its own
// copy of values that repeat across thousands of sockets ("linux", "operator.read", the peer
// address); keeping one shared copy makes an idle connection cheaper.
import { STRING_POOL_MAX_ENTRIES, STRING_POOL_MAX_LENGTH } from "./limits.js";

/** Returns the pooled copy of `text` (adding it while the pool has room). */
export type InternString = (text: string) => string;

/** Creates a pool holding at most `maxEntries` strings of at most `maxLength` characters. */
export function createStringPool(maxEntries = STRING_POOL_MAX_ENTRIES, maxLength = STRING_POOL_MAX_LENGTH): InternString {
  const pool = new Map<string, string>();
  return (text) => {
    if (text.length > maxLength) return text;
    const pooled = pool.get(text);
    if (pooled !== undefined) return pooled;
    // Once full, new values stay private: a client cannot grow the pool without bound.
    if (pool.size < maxEntries) pool.set(text, text);
    return text;
  };
}
