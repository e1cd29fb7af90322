// Chooses the transport: an explicit option, then CLAWD_TRANSPORT, then uWS when it loads.
import { describeFailures, describeLoaded, loadUws, type TransportKind, type UwsModule } from "./uws-loader.js";

export type TransportRequest = "auto" | "uws" | "ws";

export type TransportSelection = { kind: "ws"; detail: string } | { kind: "uws"; detail: string; module: UwsModule };

/** Resolves the transport to start; asking for uws explicitly when none loads is an error, not a silent fallback. */
export function selectTransport(requested: TransportRequest = "auto", env: NodeJS.ProcessEnv = process.env): TransportSelection {
  const fromEnv = env.CLAWD_TRANSPORT;
  if (fromEnv !== undefined && fromEnv !== "" && fromEnv !== "ws" && fromEnv !== "uws" && fromEnv !== "auto") {
    throw new Error(`invalid CLAWD_TRANSPORT "${fromEnv}": use ws, uws or auto`);
  }
  const wanted: TransportRequest = requested !== "auto" ? requested : (fromEnv as TransportKind | "auto" | undefined) || "auto";
  if (wanted === "ws") {
    return { kind: "ws", detail: requested === "ws" ? "ws (requested by the transport option)" : "ws (forced by CLAWD_TRANSPORT=ws)" };
  }
  const loaded = loadUws();
  if (loaded.ok) return { kind: "uws", detail: describeLoaded(loaded), module: loaded.module };
  if (wanted === "uws") {
    throw new Error(`transport "uws" requested but no uWebSockets.js binding loads (${describeFailures(loaded.reasons)}); install one or use transport "ws"`);
  }
  return { kind: "ws", detail: `ws (no uWebSockets.js binding loads: ${describeFailures(loaded.reasons)})` };
}
