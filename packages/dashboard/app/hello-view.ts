// hello-ok as the views use it: every field the protocol leaves optional given a value.
import type { HelloOk } from "@clawd/gateway-client";

export interface HelloView {
  version: string;
  host: string;
  protocol: number;
  methods: string[];
  events: string[];
  presence: Record<string, unknown>[];
}

/** Reads hello-ok defensively (another gateway may leave parts out) (pure). */
export function toHelloView(hello: HelloOk): HelloView {
  const presence = hello.snapshot?.presence;
  return {
    version: hello.server?.version ?? "unknown",
    host: hello.server?.host ?? "",
    protocol: hello.protocol,
    methods: hello.features?.methods ?? [],
    events: hello.features?.events ?? [],
    presence: Array.isArray(presence) ? (presence as Record<string, unknown>[]) : [],
  };
}
