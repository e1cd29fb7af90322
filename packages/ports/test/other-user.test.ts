// A port held by another uid, inspected and freed by a non-root user. Needs root (to start
// processes as other uids) and setpriv; otherwise every test here is skipped, saying why.
import { afterEach, describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { reachableByOthers, shareWithOtherUsers } from "@clawd/test-kit/other-user-files";
import { spawnPortHolder, stopAllPortHolders } from "@clawd/test-kit/ports";
import { explainPortInUse, freePort, scanPort } from "../src/index.js";
import { posixSignaller } from "../src/process-signal.js";

const HOLDER_UID = 65534; // nobody
const CALLER_UID = 2; // bin: a second non-root uid, distinct from the holder's
const haveSetpriv = (() => {
  try {
    execFileSync("setpriv", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
const canSwitch = process.platform === "linux" && process.getuid?.() === 0 && haveSetpriv;
const DIST = fileURLToPath(new URL("../dist", import.meta.url));
const PACKAGE_JSON = fileURLToPath(new URL("../package.json", import.meta.url));

afterEach(async () => {
  if (process.geteuid?.() !== 0 && canSwitch) process.seteuid!(0);
  await stopAllPortHolders();
});

/** Runs `fn` with this worker's effective uid switched to CALLER_UID, as an unprivileged user would. */
async function asCaller<T>(fn: () => Promise<T>): Promise<T> {
  process.seteuid!(CALLER_UID);
  try {
    return await fn();
  } finally {
    process.seteuid!(0);
  }
}

describe.skipIf(!canSwitch)("a port held by another uid (skipped: needs Linux, root and setpriv)", () => {
  it("is reported as a hidden socket of user nobody, with the sudo fix", async () => {
    const holder = await spawnPortHolder({ kind: "cooperative", uid: HOLDER_UID });
    const scan = await asCaller(() => scanPort(holder.port));
    expect(scan.listeners).toEqual([]);
    expect(scan.hidden).toEqual([expect.objectContaining({ uid: HOLDER_UID, user: "nobody", address: "127.0.0.1" })]);
    const explanation = await asCaller(() => explainPortInUse(holder.port));
    expect(explanation.status).toBe("busy");
    expect(explanation.text).toContain("run with sudo");
  });

  it("freePort fails with EPERM before signalling anything, and the holder survives", async () => {
    const holder = await spawnPortHolder({ kind: "cooperative", uid: HOLDER_UID });
    const err = await asCaller(() => freePort(holder.port)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "EPERM", message: expect.stringMatching(/user nobody \(uid 65534\).*sudo/) });
    expect(holder.alive()).toBe(true);
  });

  it("a visible pid of another user gets EPERM from kill, which is reported as denied", async () => {
    const holder = await spawnPortHolder({ kind: "cooperative", uid: HOLDER_UID });
    const outcome = await asCaller(() => posixSignaller(holder.pid, "SIGTERM"));
    expect(outcome).toMatchObject({ kind: "denied", detail: expect.stringContaining("another user") });
    expect(holder.alive()).toBe(true);
  });

  it("the CLI run as another non-root user exits 1 and says to use sudo", async () => {
    const holder = await spawnPortHolder({ kind: "cooperative", uid: HOLDER_UID });
    // The caller uid may not traverse the checkout's parents: it runs a world-readable copy of the built package.
    const shared = shareWithOtherUsers({ "ports/dist": DIST, "ports/package.json": PACKAGE_JSON });
    const run = (() => {
      try {
        return spawnSync(
          "setpriv",
          [`--reuid=${CALLER_UID}`, `--regid=${CALLER_UID}`, "--clear-groups", shared.node, shared.path("ports/dist/cli.js"), String(holder.port), "--kill"],
          { encoding: "utf8" },
        );
      } finally {
        shared.remove();
      }
    })();
    expect(run.stderr).not.toMatch(/Cannot find module|EACCES/);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/sudo clawd-ports \d+ --kill/);
    expect(holder.alive()).toBe(true);
  });

  it("a script under a 0700 folder (a clone in /root or mktemp -d) runs as nobody only from its shared copy", () => {
    const privateDir = mkdtempSync(path.join(tmpdir(), "clawd-private-")); // mode 0700, like /root
    const script = path.join(privateDir, "hello.mjs");
    writeFileSync(script, 'process.stdout.write("hello from " + process.getuid());\n');
    const asNobody = (node: string, file: string) =>
      spawnSync("setpriv", [`--reuid=${HOLDER_UID}`, `--regid=${HOLDER_UID}`, "--clear-groups", node, file], { encoding: "utf8" });
    const shared = shareWithOtherUsers({ "hello.mjs": script });
    try {
      expect(reachableByOthers(script)).toBe(false);
      expect(reachableByOthers(shared.path("hello.mjs"))).toBe(true);
      expect(asNobody(shared.node, script).stderr).toMatch(/Cannot find module|EACCES|permission denied/i);
      const run = asNobody(shared.node, shared.path("hello.mjs"));
      expect(run.stdout).toBe(`hello from ${HOLDER_UID}`);
    } finally {
      shared.remove();
      rmSync(privateDir, { recursive: true, force: true });
    }
    expect(() => reachableByOthers(shared.dir)).toThrow(/ENOENT/);
  });
});
