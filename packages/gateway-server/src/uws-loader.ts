// Finds a uWebSockets.js native binding that loads on this machine (reference/uws.md), or
// explains why none did so the gateway can fall back to `ws` and say why.
import { createRequire } from "node:module";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { classifyUwsLoadError, type UwsHostFacts, type UwsLoadFailure } from "./uws-load-error.js";

/** Candidates in order: a user-installed upstream build, then the registry republishes. */
export const UWS_CANDIDATES = ["uWebSockets.js", "@btc-vision/uwebsockets.js", "@trufflesuite/uws-js-unofficial"] as const;

/** The subset of the uWebSockets.js module the gateway uses (kept loose: versions differ). */
// biome-ignore lint: the native module has no types we can depend on
export type UwsModule = Record<string, any>;

export type UwsLoadResult =
  | { ok: true; module: UwsModule; candidate: string; file: string; reasons: UwsLoadFailure[] }
  | { ok: false; reasons: UwsLoadFailure[] };

export type TransportKind = "uws" | "ws";

let cached: UwsLoadResult | undefined;

/** Tries each candidate once (cached) and returns the loaded binding (with why earlier candidates failed) or every failure reason. */
export function loadUws(): UwsLoadResult {
  if (cached) return cached;
  const reasons: UwsLoadFailure[] = [];
  for (const candidate of UWS_CANDIDATES) {
    const attempt = tryCandidate(candidate);
    if (attempt.ok) {
      cached = { ok: true, module: attempt.module, candidate, file: attempt.file, reasons };
      return cached;
    }
    reasons.push(attempt.failure);
  }
  cached = { ok: false, reasons };
  return cached;
}

/** Which transport `auto` would use here, with a one-line explanation (for `clawd doctor`). */
export function detectTransport(env: NodeJS.ProcessEnv = process.env): TransportDetection {
  const forced = env.CLAWD_TRANSPORT;
  if (forced === "ws") return { transport: "ws", detail: "ws (forced by CLAWD_TRANSPORT=ws)", forced: true, failures: [] };
  const result = loadUws();
  if (result.ok) return { transport: "uws", detail: describeLoaded(result), forced: false, failures: [] };
  return { transport: "ws", detail: `ws (no uWebSockets.js binding loads: ${describeFailures(result.reasons)})`, forced: false, failures: result.reasons };
}

/** What `detectTransport` found: the transport, a one-line detail, and (on a fallback) each candidate's coded failure. */
export interface TransportDetection {
  transport: TransportKind;
  detail: string;
  /** True when CLAWD_TRANSPORT=ws chose ws, so no fallback happened. */
  forced: boolean;
  /** Why each candidate failed, in order; empty when uWS loaded or ws was forced. */
  failures: UwsLoadFailure[];
}

/** Names the loaded binding, e.g. `uWebSockets.js from @trufflesuite/uws-js-unofficial (uws_linux_x64_115.node)`. */
export function describeLoaded(result: { candidate: string; file: string }): string {
  return `uWebSockets.js from ${result.candidate} (${result.file})`;
}

/** Formats the per-candidate failure reasons as one line. */
export function describeFailures(reasons: readonly Pick<UwsLoadFailure, "candidate" | "reason">[]): string {
  return reasons.map((r) => `${r.candidate}: ${r.reason}`).join("; ");
}

function tryCandidate(candidate: string): { ok: true; module: UwsModule; file: string } | { ok: false; failure: UwsLoadFailure } {
  const requireFns = [createRequire(import.meta.url), createRequire(join(process.cwd(), "noop.js"))];
  const binary = `uws_${process.platform}_${process.arch}_${process.versions.modules}.node`;
  let lastError: unknown;
  let entry: string | undefined;
  for (const req of requireFns) {
    try {
      // Resolve the package's entry (its `exports`), never `<pkg>/package.json`: btc-vision does not export that.
      entry = req.resolve(candidate);
      // The trufflesuite entry point silently swaps in a `ws`-based fallback (also under
      // UWS_USE_FALLBACK); load its native binary directly so we never mistake that for uWS.
      const file = candidate === "@trufflesuite/uws-js-unofficial" ? join(dirname(entry), "..", "binaries", binary) : entry;
      const module = req(file) as UwsModule;
      if (typeof module.App !== "function" || typeof module.us_socket_local_port !== "function") {
        return { ok: false, failure: { candidate, code: "not-uws", reason: "loaded, but it is not a uWebSockets.js binding" } };
      }
      return { ok: true, module, file: binary };
    } catch (error) {
      lastError = error;
      if (entry) break; // installed but failed to load: the first resolution's error is the real one
    }
  }
  const err = lastError as { code?: string; message?: string } | undefined;
  return { ok: false, failure: classifyUwsLoadError(candidate, { code: err?.code, message: err?.message ?? String(lastError) }, hostFacts(entry)) };
}

/** Facts about this host for the failure message: glibc at runtime, ABI, and which ABIs the package ships. */
function hostFacts(entry: string | undefined): UwsHostFacts {
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  const prefix = `uws_${process.platform}_${process.arch}_`;
  const shippedAbis = new Set<string>();
  if (entry) {
    for (const dir of [dirname(entry), join(dirname(entry), "..", "binaries")]) {
      try {
        for (const name of readdirSync(dir)) if (name.startsWith(prefix) && name.endsWith(".node")) shippedAbis.add(name.slice(prefix.length, -5));
      } catch {
        // no such folder in this package layout
      }
    }
  }
  return {
    platform: process.platform,
    arch: process.arch,
    abi: process.versions.modules,
    nodeMajor: Number(process.versions.node.split(".")[0]),
    glibc: header?.glibcVersionRuntime,
    shippedAbis: [...shippedAbis].sort((a, b) => Number(a) - Number(b)),
  };
}
