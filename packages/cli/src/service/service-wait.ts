// After the service manager says yes, check the gateway itself: does it answer /healthz,
// and after a stop, is the port really free? Both poll with a bounded time.
import { findListeners, isPortFree } from "@clawd/ports";
import { isOurGateway } from "../gateway/single-instance.js";

/** How long install/start/restart wait for /healthz. */
export const SERVICE_HEALTH_TIMEOUT_MS = 15_000;
/** How long stop/uninstall wait for the port to be free. */
export const SERVICE_PORT_FREE_TIMEOUT_MS = 10_000;
/** Pause between two checks. */
export const SERVICE_POLL_INTERVAL_MS = 100;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` is true or `timeoutMs` passes; resolves with the outcome and the time taken. */
export async function pollUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = SERVICE_POLL_INTERVAL_MS,
): Promise<{ ok: boolean; waitedMs: number }> {
  const start = Date.now();
  for (;;) {
    if (await check()) return { ok: true, waitedMs: Date.now() - start };
    if (Date.now() - start >= timeoutMs) return { ok: false, waitedMs: Date.now() - start };
    await sleep(intervalMs);
  }
}

/** The pids listening on `port` now, so a restart can tell the new gateway from the old one. */
export async function listenerPids(port: number): Promise<number[]> {
  return [...new Set((await findListeners(port).catch(() => [])).map((l) => l.pid))];
}

/**
 * Waits until our gateway answers /healthz on loopback `port` from a process that is not one
 * of `oldPids` (the old gateway may still answer while a restart is under way).
 */
export function waitForGatewayHealthy(port: number, timeoutMs = SERVICE_HEALTH_TIMEOUT_MS, oldPids: readonly number[] = []) {
  return pollUntil(async () => {
    if (!(await isOurGateway(port))) return false;
    if (oldPids.length === 0) return true;
    const pids = await listenerPids(port);
    // No pid visible (lookup failed): the health answer is all we have.
    return pids.length === 0 || pids.every((pid) => !oldPids.includes(pid));
  }, timeoutMs);
}

/** Waits until nothing listens on `port` (IPv4 and IPv6 loopback). */
export function waitForPortFree(port: number, timeoutMs = SERVICE_PORT_FREE_TIMEOUT_MS) {
  return pollUntil(async () => (await isPortFree(port, "127.0.0.1")) && (await isPortFree(port, "::1").catch(() => true)), timeoutMs);
}
