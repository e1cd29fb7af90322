import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createExecApprovalsStore, EXEC_APPROVALS_MEMORY_PATH, ExecApprovalsConflictError, ExecApprovalsFileError } from "./exec-approvals-store.js";

const stateDir = () => mkdtempSync(join(tmpdir(), "exec-approvals-"));
const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const fixedToken = () => "secret-socket-token";

describe("exec approvals store", () => {
  it("creates the file on first read with a socket path and a token, 0600, and never shows the token", async () => {
    const dir = stateDir();
    const store = createExecApprovalsStore(dir, { newToken: fixedToken });
    const snap = await store.get();
    const path = join(dir, "exec-approvals.json");
    const raw = readFileSync(path, "utf8");
    expect(snap).toEqual({
      path,
      exists: true,
      hash: sha(raw),
      file: { version: 1, socket: { path: join(dir, "exec-approvals.sock") }, defaults: {}, agents: {} },
    });
    expect(JSON.parse(raw).socket).toEqual({ path: join(dir, "exec-approvals.sock"), token: "secret-socket-token" });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.stringify(snap)).not.toContain("secret-socket-token");
    // A second read does not rewrite the file: same text, same hash.
    expect((await store.get()).hash).toBe(snap.hash);
    expect(readFileSync(path, "utf8")).toBe(raw);
  });

  it("saves with the current hash, gives allowlist entries ids, keeps the token, and refuses a stale or missing hash", async () => {
    const dir = stateDir();
    const store = createExecApprovalsStore(dir, { newToken: fixedToken });
    const first = await store.get();
    const saved = await store.set(
      { version: 1, defaults: { security: "allowlist" }, agents: { main: { allowlist: [{ pattern: "/usr/bin/ls" }] } } },
      first.hash,
    );
    expect(saved.hash).not.toBe(first.hash);
    expect(saved.file.defaults).toEqual({ security: "allowlist" });
    expect(saved.file.agents?.main?.allowlist).toEqual([{ id: expect.any(String), pattern: "/usr/bin/ls" }]);
    expect(JSON.parse(readFileSync(saved.path, "utf8")).socket.token).toBe("secret-socket-token");
    // The editor that read before the save is refused, and nothing changes.
    await expect(store.set({ version: 1, agents: {} }, first.hash)).rejects.toThrow(
      new ExecApprovalsConflictError("exec approvals changed since last load; re-run exec.approvals.get and retry"),
    );
    await expect(store.set({ version: 1, agents: {} }, undefined)).rejects.toThrow("exec approvals base hash required; re-run exec.approvals.get and retry");
    expect((await store.get()).file.agents?.main?.allowlist?.[0]?.pattern).toBe("/usr/bin/ls");
  });

  it("of two saves racing from the same read, exactly one wins", async () => {
    const store = createExecApprovalsStore(stateDir());
    const { hash } = await store.get();
    const results = await Promise.allSettled([
      store.set({ version: 1, agents: { a: { security: "full" } } }, hash),
      store.set({ version: 1, agents: { b: { security: "deny" } } }, hash),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(ExecApprovalsConflictError.isInstance(results.find((r) => r.status === "rejected")?.reason)).toBe(true);
    expect(Object.keys((await store.get()).file.agents ?? {})).toEqual(["a"]);
  });

  it("sees an edit made on disk: the hash moves and the old hash is refused", async () => {
    const dir = stateDir();
    const store = createExecApprovalsStore(dir);
    const before = await store.get();
    const path = join(dir, "exec-approvals.json");
    const onDisk = JSON.parse(readFileSync(path, "utf8"));
    writeFileSync(path, JSON.stringify({ ...onDisk, defaults: { ask: "always" } }));
    const after = await store.get();
    expect(after.hash).not.toBe(before.hash);
    expect(after.file.defaults).toEqual({ ask: "always" });
    await expect(store.set({ version: 1 }, before.hash)).rejects.toSatisfy(ExecApprovalsConflictError.isInstance);
  });

  it("merges the legacy agents.default into main and writes the ids it adds, so they stay the same", async () => {
    const dir = stateDir();
    const path = join(dir, "exec-approvals.json");
    writeFileSync(
      path,
      JSON.stringify({
        version: 1,
        socket: { path: "/s", token: "t" },
        agents: { main: { allowlist: [{ id: "m1", pattern: "/bin/a" }] }, default: { ask: "off", allowlist: [{ pattern: "/BIN/A" }, { pattern: "/bin/b" }] } },
      }),
    );
    const store = createExecApprovalsStore(dir);
    const one = await store.get();
    expect(one.file.agents).toEqual({
      main: {
        ask: "off",
        allowlist: [
          { id: "m1", pattern: "/bin/a" },
          { id: expect.any(String), pattern: "/bin/b" },
        ],
      },
    });
    expect((await store.get()).file).toEqual(one.file);
  });

  it.each([
    ["not JSON", "{ not json", /not valid JSON/],
    ["a JSON array", "[]", /not a JSON object/],
    ["version 2", JSON.stringify({ version: 2, agents: {} }), /version is 2, expected 1/],
    ["an allowlist that is not an array", JSON.stringify({ version: 1, agents: { main: { allowlist: "ls" } } }), /agents\.main\.allowlist is not an array/],
  ])("reports a file that is %s and leaves it as it was (get and set)", async (_what, text, cause) => {
    const dir = stateDir();
    const path = join(dir, "exec-approvals.json");
    writeFileSync(path, text);
    const store = createExecApprovalsStore(dir);
    const error = await store.get().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(ExecApprovalsFileError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(cause);
    expect((error as Error).message).toContain(`${path} is unreadable`);
    expect((error as Error).message).toContain("fix or move it aside");
    await expect(store.set({ version: 1, agents: {} }, sha(text))).rejects.toSatisfy(ExecApprovalsFileError.isInstance);
    expect(readFileSync(path, "utf8")).toBe(text);
  });

  it("without a state dir keeps the file in memory, with the same hash rules", async () => {
    const store = createExecApprovalsStore(undefined);
    const first = await store.get();
    expect(first).toMatchObject({ path: EXEC_APPROVALS_MEMORY_PATH, exists: true, file: { version: 1, agents: {} } });
    expect(first.file.socket).toBeUndefined();
    const saved = await store.set({ version: 1, agents: { main: { allowlist: [{ pattern: "jq" }] } } }, first.hash);
    expect((await store.get()).hash).toBe(saved.hash);
    await expect(store.set({ version: 1 }, first.hash)).rejects.toSatisfy(ExecApprovalsConflictError.isInstance);
  });
});
