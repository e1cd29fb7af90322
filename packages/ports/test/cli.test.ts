// The built `clawd-ports` bin against real holders: output, exit codes, --kill, --json.
import { afterEach, describe, expect, it } from "vitest";
import { runPortsCli as cli } from "./ports-cli.js";
import { getFreePort, spawnPortHolder, stopAllPortHolders } from "@clawd/test-kit/ports";

afterEach(stopAllPortHolders);

describe.runIf(process.platform !== "win32")("clawd-ports", () => {
  it("lists the holder of a busy port and exits 1", async () => {
    const holder = await spawnPortHolder({ kind: "dual-stack" });
    const run = await cli(String(holder.port));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`Port ${holder.port} is already in use.`);
    expect(run.stdout).toContain(`- pid ${holder.pid}`);
    expect(run.stdout).toContain(`([::]:${holder.port})`);
    expect(run.stdout).toContain("--force");
  });

  it("exits 0 for a free port", async () => {
    const port = await getFreePort();
    const run = await cli(String(port));
    expect(run).toMatchObject({ code: 0, stdout: `Port ${port} is free.\n` });
  });

  it("prints JSON with --json", async () => {
    const holder = await spawnPortHolder({ kind: "cooperative" });
    const run = await cli(String(holder.port), "--json");
    const parsed = JSON.parse(run.stdout);
    expect(parsed).toMatchObject({ port: holder.port, status: "busy", listeners: [{ pid: holder.pid, family: "IPv4" }] });
  });

  it("--dry-run names what --kill would stop, stops nothing, exits 1", async () => {
    const holder = await spawnPortHolder({ kind: "cooperative" });
    const run = await cli(String(holder.port), "--kill", "--dry-run");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`would kill pid ${holder.pid} (node) on port ${holder.port}`);
    expect(holder.alive()).toBe(true);
  });

  it("--kill frees the port (escalating for a SIGTERM-ignoring holder) and exits 0", async () => {
    const holder = await spawnPortHolder({ kind: "ignore-sigterm" });
    const run = await cli(String(holder.port), "--kill", "--grace", "100", "--timeout", "5000", "--json");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ port: holder.port, free: true, escalated: true, killed: [{ pid: holder.pid }] });
    expect((await holder.exited).signal).toBe("SIGKILL");
  });

  it("--kill prints what it did in text mode", async () => {
    const holder = await spawnPortHolder({ kind: "cooperative" });
    const run = await cli(String(holder.port), "--kill");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^killed pid ${holder.pid} \\(node\\) on port ${holder.port}\\nwaited \\d+ms for port ${holder.port} to free\\n$`));
  });

  it("exits 2 with the usage on bad arguments", async () => {
    for (const args of [[], ["70000"], ["3000", "--timeout", "soon"], ["3000", "--nope"]]) {
      const run = await cli(...args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toContain("Usage: clawd-ports <port>");
    }
  });
});
