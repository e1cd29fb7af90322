// `clawd logs` against a real gateway (logs.tail with its cursor, --follow) and from the log
// file when no gateway answers.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { getFreePort } from "@clawd/test-kit/ports";
import { describe, expect, it } from "vitest";
import { runCli, type Sandbox, startCli, useSandboxPerTest } from "./cli-process.js";

let box: Sandbox;
useSandboxPerTest((b) => {
  box = b;
});

describe("clawd logs", () => {
  it("prints the running gateway's log through logs.tail, and --follow prints new lines until SIGINT", async () => {
    const secret = "logs-test-token-123456";
    mkdirSync(box.state, { recursive: true });
    writeFileSync(join(box.state, "clawd.json"), JSON.stringify({ gateway: { mode: "local", auth: { token: secret } } }));
    const port = await getFreePort();
    const gw = startCli(["gateway", "--port", String(port)], box.env());
    await gw.waitFor("transport:");
    const env = box.env({ CLAWD_GATEWAY_PORT: String(port) });

    const once = await runCli(["logs", "--limit", "50"], env);
    expect(once.code, once.stderr).toBe(0);
    expect(once.stderr).not.toContain("not reachable");
    // The file holds JSON lines (success is logged as info); clawd logs shows `time [level] message`.
    expect(once.stdout).toMatch(new RegExp(`^\\S+Z \\[info\\] listening on ws://127\\.0\\.0\\.1:${port} \\(PID ${gw.child.pid}\\)$`, "m"));

    const follow = startCli(["logs", "--follow", "--json", "--level", "warn", "--interval", "100"], env);
    const bad = await runCli(["gateway", "health", "--token", "wrong-token-guess"], env);
    expect(bad.code).toBe(1);
    await follow.waitFor("auth_failed");
    follow.child.kill("SIGINT");
    const done = await follow.exited;
    expect(done.code).toBe(0);
    const lines = done.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { level: string; message: string; fields?: Record<string, unknown> });
    expect(lines.every((l) => l.level === "warn" || l.level === "error")).toBe(true);
    expect(lines.some((l) => l.message.startsWith("gateway auth_failed:"))).toBe(true);
    // The line's fields came through logs.tail too.
    expect(lines.find((l) => l.message.startsWith("gateway auth_failed:"))?.fields).toMatchObject({
      event: "auth_failed",
      ip: "127.0.0.1",
      reason: expect.any(String),
    });
    expect(done.stdout).not.toContain(secret);
    gw.child.kill("SIGTERM");
    expect((await gw.exited).code).toBe(0);
  });

  it("reads the log file when no gateway answers, and says so on stderr", async () => {
    mkdirSync(join(box.state, "logs"), { recursive: true });
    writeFileSync(
      join(box.state, "logs", "gateway.log"),
      "2026-11-25T16:00:00.000Z [info] hello\n2026-11-25T16:00:01.000Z [debug] noise\n2026-11-25T16:00:02.000Z [error] boom\n",
    );
    const env = box.env({ CLAWD_GATEWAY_PORT: String(await getFreePort()), NO_COLOR: "1" });
    const r = await runCli(["logs", "--level", "info"], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("2026-11-25T16:00:00.000Z [info] hello\n2026-11-25T16:00:02.000Z [error] boom\n");
    expect(r.stderr).toContain(`reading ${join(box.state, "logs", "gateway.log")}`);
    const one = await runCli(["logs", "--limit", "1", "--json"], env);
    expect(JSON.parse(one.stdout)).toEqual({ time: "2026-11-25T16:00:02.000Z", level: "error", message: "boom" });
  });

  it("--json passes a line's fields on as `fields`, their strings redacted; text shows the message only", async () => {
    mkdirSync(join(box.state, "logs"), { recursive: true });
    const line = {
      time: "2026-11-25T16:00:03.000Z",
      level: "warn",
      subsystem: "gateway",
      message: "gateway auth_failed: ip=127.0.0.1",
      event: "auth_failed",
      ip: "127.0.0.1",
      clientId: "cli",
      reason: "token_mismatch",
      url: "ws://127.0.0.1:1/?token=leaked-field-secret",
      waitMs: 250,
      1: "gateway auth_failed: ip=127.0.0.1",
      _meta: { logLevelName: "WARN" },
    };
    writeFileSync(join(box.state, "logs", "gateway.log"), `${JSON.stringify(line)}\n`);
    const env = box.env({ CLAWD_GATEWAY_PORT: String(await getFreePort()), NO_COLOR: "1" });
    const json = await runCli(["logs", "--json"], env);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      time: line.time,
      level: "warn",
      message: line.message,
      fields: {
        event: "auth_failed",
        ip: "127.0.0.1",
        clientId: "cli",
        reason: "token_mismatch",
        url: expect.stringContaining("ws://127.0.0.1:1/"),
        waitMs: 250,
      },
    });
    expect(json.stdout).not.toContain("leaked-field-secret");
    const text = await runCli(["logs"], env);
    expect(text.stdout).toBe(`${line.time} [warn] ${line.message}\n`);
  });

  it("rejects a bad --level or --limit with the accepted values (exit 2)", async () => {
    const level = await runCli(["logs", "--level", "loud"], box.env());
    expect(level.code).toBe(2);
    expect(level.stderr).toContain('Invalid --level "loud" (use one of: trace, debug, info, success, warn, error, fatal).');
    const limit = await runCli(["logs", "--limit", "0"], box.env());
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain('Invalid --limit "0"');
  });
});
