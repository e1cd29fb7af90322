// Hooks the views share: the link's state, a polled gateway method, the status numbers.
import type { GatewayClient } from "@clawd/gateway-client";
import { useEffect, useState } from "preact/hooks";
import type { GatewayLink, LinkState } from "./gateway-link.js";

/** How often the overview refreshes `status`, in ms. */
export const STATUS_POLL_MS = 2000;

/** The link's current state, re-rendering on change. */
export function useLinkState(link: GatewayLink): LinkState {
  const [state, setState] = useState(link.state());
  useEffect(() => link.subscribe(setState), [link]);
  return state;
}

export interface Polled<T> {
  data: T | undefined;
  error: string | undefined;
}

/** Calls `method` now and every `intervalMs` while `client` is connected (0: once). */
export function usePolled<T>(client: GatewayClient | undefined, method: string, params: unknown, intervalMs: number): Polled<T> {
  const [result, setResult] = useState<Polled<T>>({ data: undefined, error: undefined });
  const key = JSON.stringify(params ?? null);
  useEffect(() => {
    if (!client) return;
    let live = true;
    const run = (): void => {
      client.request<T>(method, params).then(
        (data) => live && setResult({ data, error: undefined }),
        (error: Error) => live && setResult((prev) => ({ data: prev.data, error: error.message })),
      );
    };
    run();
    const timer = intervalMs > 0 ? setInterval(run, intervalMs) : undefined;
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [client, method, key, intervalMs]);
  return result;
}

/** The `gateway` section of the `status` payload (stats plus each method's scope). */
export interface GatewayStatus {
  transport?: string;
  connections?: number;
  clients?: number;
  uptimeMs?: number;
  eventsBroadcast?: number;
  eventsDropped?: number;
  messagesSent?: number;
  authFailures?: number;
  seq?: number;
  methods?: Record<string, string>;
}

/** The gateway's live numbers, refreshed every STATUS_POLL_MS. */
export function useGatewayStatus(client: GatewayClient | undefined): Polled<GatewayStatus> {
  const polled = usePolled<{ gateway?: GatewayStatus }>(client, "status", undefined, STATUS_POLL_MS);
  return { data: polled.data?.gateway, error: polled.error };
}
