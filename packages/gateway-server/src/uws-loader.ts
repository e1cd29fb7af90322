// Finds a uWebSockets.js native binding that loads on this machine (reference/uws.md), or
// explains why none did so the gateway can fall back to `ws` and say why.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** Candidates in order: a user-installed upstream build, then the registry republishes. */
export const UWS_CANDIDATES = ["uWebSockets.js", "@btc-vision/uwebsockets.js", "@trufflesuite/uws-js-unofficial"] as const;

/** The subset of the uWebSockets.js module the gateway uses (kept loose: versions differ). */
// biome-ignore lint: the native module has no types we can depend on
export type UwsModule = Record<string, any>;

export type UwsLoadResult =
  | { ok: true; module: UwsModule; candidate: string; file: string }
  | { ok: false; reasons: { candidate: string; reason: string }[] };

export type TransportKind = "uws" | "ws";

let cached: UwsLoadResult | undefined;

/** Tries each candidate once (cached) and returns the loaded binding or every failure reason. */
export function loadUws(): UwsLoadResult {
  if (cached) return cached;
  const reasons: { candidate: string; reason: string }[] = [];
  for (const candidate of UWS_CANDIDATES) {
    const attempt = tryCandidate(candidate);
    if (attempt.ok) {
      cached = { ok: true, module: attempt.module, candidate, file: attempt.file };
      return cached;
    }
    reasons.push({ candidate, reason: attempt.reason });
  }
  cached = { ok: false, reasons };
  return cached;
}

/** Which transport `auto` would use here, with a one-line explanation (for `clawd doctor`). */
export function detectTransport(env: NodeJS.ProcessEnv = process.env): { transport: TransportKind; detail: string } {
  const forced = env.CLAWD_TRANSPORT;
  if (forced === "ws") return { transport: "ws", detail: "ws (forced by CLAWD_TRANSPORT=ws)" };
  const result = loadUws();
  if (result.ok) return { transport: "uws", detail: describeLoaded(result) };
  return { transport: "ws", detail: `ws (no uWebSockets.js binding loads: ${describeFailures(result.reasons)})` };
}

/** Names the loaded binding, e.g. `uWebSockets.js from @trufflesuite/uws-js-unofficial (uws_linux_x64_115.node)`. */
export function describeLoaded(result: { candidate: string; file: string }): string {
  return `uWebSockets.js from ${result.candidate} (${result.file})`;
}

/** Formats the per-candidate failure reasons as one line. */
export function describeFailures(reasons: readonly { candidate: string; reason: string }[]): string {
  return reasons.map((r) => `${r.candidate}: ${r.reason}`).join("; ");
}

function tryCandidate(candidate: string): { ok: true; module: UwsModule; file: string } | { ok: false; reason: string } {
  const requireFns = [createRequire(import.meta.url), createRequire(join(process.cwd(), "noop.js"))];
  const binary = `uws_${process.platform}_${process.arch}_${process.versions.modules}.node`;
  let lastError: unknown;
  for (const req of requireFns) {
    try {
      const pkgDir = dirname(req.resolve(`${candidate}/package.json`));
      // The trufflesuite entry point silently swaps in a `ws`-based fallback (also under
      // UWS_USE_FALLBACK); load its native binary directly so we never mistake that for uWS.
      const file = candidate === "@trufflesuite/uws-js-unofficial" ? join(pkgDir, "binaries", binary) : req.resolve(candidate);
      const module = req(file) as UwsModule;
      if (typeof module.App !== "function" || typeof module.us_socket_local_port !== "function") {
        return { ok: false, reason: "loaded, but it is not a uWebSockets.js binding" };
      }
      return { ok: true, module, file: binary };
    } catch (error) {
      lastError = error;
    }
  }
  return { ok: false, reason: firstUsefulLine(lastError, candidate) };
}

function firstUsefulLine(error: unknown, candidate: string): string {
  const err = error as { code?: string; message?: string } | undefined;
  const message = err?.message ?? String(error);
  if (err?.code === "MODULE_NOT_FOUND" && message.includes(`'${candidate}`)) return "not installed";
  const lines = message.split("\n").map((l) => l.trim()).filter(Boolean);
  const telling = lines.find((l) => /GLIBC|not found|cannot open|invalid ELF|NODE_MODULE_VERSION/i.test(l));
  const line = telling ?? lines[0] ?? "unknown error";
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}
