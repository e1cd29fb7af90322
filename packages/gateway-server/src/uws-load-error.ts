// Turns the error text of a failed uWebSockets.js load into its real cause (a code plus
// facts), so `clawd doctor` can say why the gateway runs on `ws` and what would give it uWS.
// Pure: the caller passes what it knows about the host (glibc, ABI, shipped binaries).

/** Why a candidate binding did not load; the CLI words the fix from this code. */
export type UwsLoadErrorCode =
  | "not-installed" // the package is not in node_modules (optional dependency skipped or omitted)
  | "glibc-too-old" // the binary needs a newer glibc symbol version than this system has
  | "abi-not-shipped" // the package has no binary for this Node ABI / platform / arch
  | "libc-mismatch" // the binary is for glibc but this system runs musl (Alpine) or similar
  | "not-uws" // something loaded but it is not a uWebSockets.js binding
  | "load-error"; // anything else: the first telling line of the error is kept

/** What the classifier knows about the running host. */
export interface UwsHostFacts {
  platform: string;
  arch: string;
  /** process.versions.modules, e.g. "127" for Node 22. */
  abi: string;
  /** Node's major version, for the message. */
  nodeMajor: number;
  /** The runtime glibc version ("2.36"), or undefined when not glibc (musl, macOS, Windows). */
  glibc: string | undefined;
  /** ABIs the candidate ships for this platform/arch, when known (from its file list). */
  shippedAbis?: readonly string[] | undefined;
}

/** One candidate's failure: a code for programs, a one-line reason for people. */
export interface UwsLoadFailure {
  candidate: string;
  code: UwsLoadErrorCode;
  reason: string;
  /** For glibc-too-old: the glibc version the binary needs, e.g. "2.38". */
  glibcNeeded?: string | undefined;
  /** For glibc-too-old: the glibc version this system has. */
  glibcHave?: string | undefined;
}

/** Longest reason line kept from an unrecognised error. */
export const UWS_REASON_MAX_CHARS = 200;

const NODE_ABI_MAJORS: Readonly<Record<string, number>> = { "93": 16, "108": 18, "115": 20, "127": 22, "137": 24, "141": 25 };

/** Names a Node ABI the way people know it ("Node 22 (ABI 127)"). */
export function describeAbi(abi: string): string {
  const major = NODE_ABI_MAJORS[abi];
  return major === undefined ? `ABI ${abi}` : `Node ${major} (ABI ${abi})`;
}

/** Classifies a failed load from its error code and full message text (every line is read, not just the first). */
export function classifyUwsLoadError(candidate: string, error: { code?: string | undefined; message: string }, host: UwsHostFacts): UwsLoadFailure {
  const message = error.message;
  const binary = `uws_${host.platform}_${host.arch}_${host.abi}.node`;
  // A missing glibc symbol version is the cause even when a wrapper's first line talks about Node versions.
  const glibc = /GLIBC_(\d+\.\d+)'? not found/.exec(message);
  if (glibc) {
    const needed = glibc[1];
    const have = host.glibc ?? "unknown";
    return {
      candidate,
      code: "glibc-too-old",
      reason: `${binary} needs glibc ${needed}; this system has glibc ${have}`,
      glibcNeeded: needed,
      glibcHave: host.glibc,
    };
  }
  if (/Error (loading shared library|relocating)|ld-linux[-\w.]*\.so[.\d]*: No such file/i.test(message)) {
    return { candidate, code: "libc-mismatch", reason: `${binary} is built for glibc; this system's C library cannot load it (musl?)` };
  }
  const missing = /Cannot find module '([^']+)'/.exec(message);
  if (missing) {
    const what = missing[1] ?? "";
    if (/\.node$/.test(what) || what.includes("uws_")) {
      const shipped = host.shippedAbis?.length ? `; it ships ${host.shippedAbis.map(describeAbi).join(", ")}` : "";
      return { candidate, code: "abi-not-shipped", reason: `no ${host.platform}-${host.arch} binary for ${describeAbi(host.abi)}${shipped}` };
    }
    if (what === candidate || what.startsWith(`${candidate}/`)) return { candidate, code: "not-installed", reason: "not installed" };
  }
  if (error.code === "MODULE_NOT_FOUND" && message.includes(`'${candidate}`)) return { candidate, code: "not-installed", reason: "not installed" };
  const lines = message
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const telling = lines.find((l) => /not found|cannot open|invalid ELF|wrong ELF class|NODE_MODULE_VERSION|undefined symbol/i.test(l));
  const line = telling ?? lines[0] ?? "unknown error";
  const clipped = line.length > UWS_REASON_MAX_CHARS ? `${line.slice(0, UWS_REASON_MAX_CHARS - 3)}...` : line;
  return { candidate, code: "load-error", reason: clipped };
}
