// The page's one connection to the gateway it was served by: connect with the secret,
// reconnect after a lost connection, and stop (never loop) when the secret is refused.
import { connectGateway, type GatewayClient, type HelloOk } from "@clawd/gateway-client";
import { classifyConnectFailure, describeConnectFailure } from "./connect-failure.js";
import type { GatewaySecret } from "./secret.js";

/** This page's version, put in by the build (scripts/build-app.mjs). */
declare const __DASHBOARD_VERSION__: string;

/** Scopes the dashboard asks for: admin, so the config view can edit (the gateway decides). */
export const DASHBOARD_SCOPES = ["operator.admin"];

export type LinkState =
  | { phase: "signed-out"; message?: string }
  | { phase: "connecting" }
  | { phase: "connected"; hello: HelloOk; since: number }
  | { phase: "reconnecting"; message: string; attempt: number }
  | { phase: "refused"; message: string }
  | { phase: "unreachable"; message: string };

type Listener = (state: LinkState) => void;
type EventSink = (event: string, payload: unknown, seq: number | undefined) => void;

/** The gateway's WebSocket address for a page served at `location` (same host and port). */
export function gatewayUrlFor(loc: { protocol: string; host: string }): string {
  return `${loc.protocol === "https:" ? "wss" : "ws"}://${loc.host}`;
}

function snapshotPresence(hello: HelloOk): Record<string, unknown>[] {
  const list = hello.snapshot?.presence;
  return Array.isArray(list) ? (list as Record<string, unknown>[]) : [];
}

/** Owns the client; views read `state()` and `client()` and subscribe to changes. */
export class GatewayLink {
  private current: LinkState = { phase: "signed-out" };
  private gateway: GatewayClient | undefined;
  private readonly listeners = new Set<Listener>();
  private readonly sinks = new Set<EventSink>();
  private generation = 0;
  private presenceList: Record<string, unknown>[] = [];

  constructor(private readonly url: string) {}

  /** Where the connection stands now (views render from it). */
  state(): LinkState {
    return this.current;
  }

  /** The latest presence list: hello-ok's snapshot, then each `presence` event's. */
  presence(): Record<string, unknown>[] {
    return this.presenceList;
  }

  /** The client while connected or reconnecting (views stay mounted; their calls fail meanwhile). */
  client(): GatewayClient | undefined {
    return this.current.phase === "connected" || this.current.phase === "reconnecting" ? this.gateway : undefined;
  }

  /** Calls `fn` on every state change; returns the unsubscribe function. */
  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Receives every event frame of the current connection. */
  onEvent(fn: EventSink): () => void {
    this.sinks.add(fn);
    return () => this.sinks.delete(fn);
  }

  private set(state: LinkState): void {
    this.current = state;
    for (const fn of [...this.listeners]) fn(state);
  }

  /** Connects with `secret` (none for a gateway without auth), replacing any earlier connection. */
  async connect(secret: GatewaySecret | undefined): Promise<void> {
    const generation = ++this.generation;
    await this.gateway?.close();
    this.gateway = undefined;
    this.set({ phase: "connecting" });
    const stale = (): boolean => generation !== this.generation;
    try {
      const client = await connectGateway({
        url: this.url,
        clientName: "clawd-dashboard",
        mode: "ui",
        displayName: "Clawd dashboard",
        clientVersion: typeof __DASHBOARD_VERSION__ === "string" ? __DASHBOARD_VERSION__ : "dev",
        scopes: DASHBOARD_SCOPES,
        ...(secret?.kind === "token" ? { token: secret.value } : {}),
        ...(secret?.kind === "password" ? { password: secret.value } : {}),
        reconnect: true,
        onClose: (code, reason) => {
          if (stale() || this.current.phase !== "connected") return;
          this.set({ phase: "reconnecting", attempt: 0, message: `connection lost (${code}${reason ? ` ${reason}` : ""}); reconnecting…` });
        },
        onReconnecting: ({ attempt, error }) => {
          if (stale() || !error) return;
          const kind = classifyConnectFailure(error);
          if (kind === "auth") {
            // The secret changed under us: asking again beats retrying forever.
            void this.gateway?.close();
            this.set({ phase: "refused", message: describeConnectFailure(kind, secret?.kind, error.message) });
            return;
          }
          this.set({ phase: "reconnecting", attempt, message: `reconnecting (attempt ${attempt + 1}): ${error.message}` });
        },
        onReconnect: (hello) => {
          if (stale()) return;
          this.presenceList = snapshotPresence(hello);
          this.set({ phase: "connected", hello, since: Date.now() });
          if (this.gateway) this.refreshPresence(this.gateway, generation);
        },
      });
      if (stale()) {
        await client.close();
        return;
      }
      this.gateway = client;
      this.presenceList = snapshotPresence(client.hello);
      client.on("*", (payload, frame) => {
        const list = frame.event === "presence" ? (payload as { presence?: unknown } | undefined)?.presence : undefined;
        if (Array.isArray(list)) this.presenceList = list as Record<string, unknown>[];
        for (const sink of [...this.sinks]) sink(frame.event, payload, frame.seq);
      });
      this.set({ phase: "connected", hello: client.hello, since: Date.now() });
      this.refreshPresence(client, generation);
    } catch (error) {
      if (stale()) return;
      const info = error as { message?: string; closeReason?: string; code?: string };
      const kind = classifyConnectFailure(info);
      const message = describeConnectFailure(kind, secret?.kind, info.message ?? String(error));
      this.set(kind === "unreachable" ? { phase: "unreachable", message } : { phase: "refused", message });
    }
  }

  /** hello-ok's snapshot may predate this very connection; the live list includes it. */
  private refreshPresence(client: GatewayClient, generation: number): void {
    client.request<unknown>("system-presence").then(
      (list) => {
        if (generation !== this.generation || !Array.isArray(list) || this.current.phase !== "connected") return;
        this.presenceList = list as Record<string, unknown>[];
        this.set(this.current);
      },
      () => undefined, // read scope missing or an old gateway: the snapshot stays.
    );
  }

  /** Closes the connection and returns to the sign-in form. */
  async signOut(message?: string): Promise<void> {
    this.generation++;
    await this.gateway?.close();
    this.gateway = undefined;
    this.set(message ? { phase: "signed-out", message } : { phase: "signed-out" });
  }
}
