import { existsSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { connectGateway } from "@clawd/gateway-client";
import { getFreePort, spawnPortHolder, stopAllPortHolders } from "@clawd/test-kit/ports";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSandbox, killAllClis, runCli, type Sandbox, startCli } from "./cli-process.js";

let box: Sandbox;
beforeEach(() => {
  box = createSandbox();
});
afterEach(async () => {
  await killAllClis();
  await stopAllPortHolders();
  box.cleanup();
});

const MAIN = { gateway: { mode: "local", auth: { token: "main-token" } } };

function seedMainProfile(): { path: string; text: string } {
  // The default profile lives in both places a test might look: ~/.clawd and CLAWD_STATE_DIR.
  const text = JSON.stringify(MAIN);
  for (const dir of [join(box.home, ".clawd"), box.state]) {
    mkdirSync(join(dir, "credentials"), { recursive: true });
    writeFileSync(join(dir, "clawd.json"), text);
    writeFileSync(join(dir, "credentials", "keep.json"), "{}");
  }
  return { path: join(box.home, ".clawd", "clawd.json"), text };
}

describe("clawd gateway --dev", () => {
  it("creates the dev profile (config 0600, workspace) and runs on loopback without touching the default profile", async () => {
    const main = seedMainProfile();
    const port = await getFreePort();
    const gw = startCli(["gateway", "--dev", "--port", String(port)], box.env());
    await gw.waitFor("transport:");
    const devConfig = join(box.home, ".clawd-dev", "clawd.json");
    expect(gw.stdout).toContain("✓ dev config created at ~/.clawd-dev/clawd.json");
    expect(gw.stdout).toContain("✓ dev workspace initialized at ~/clawd-dev");
    expect(gw.stdout).toContain(`listening on ws://127.0.0.1:${port}`);
    expect(gw.stdout).toContain("log file: ~/.clawd-dev/logs/gateway.log");
    expect(statSync(devConfig).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(devConfig, "utf8")).gateway).toMatchObject({ mode: "local", bind: "loopback" });
    expect(statSync(join(box.home, "clawd-dev")).isDirectory()).toBe(true);
    expect(readFileSync(main.path, "utf8")).toBe(main.text);
    expect(readFileSync(join(box.state, "clawd.json"), "utf8")).toBe(main.text);
    gw.child.kill("SIGTERM");
    expect((await gw.exited).code).toBe(0);
  });

  it("--dev --reset removes only dev paths, lists them, and leaves the default profile byte for byte", async () => {
    const main = seedMainProfile();
    const devState = join(box.home, ".clawd-dev");
    mkdirSync(join(devState, "credentials"), { recursive: true });
    mkdirSync(join(box.home, "clawd-dev"), { recursive: true });
    writeFileSync(join(devState, "clawd.json"), JSON.stringify({ gateway: { mode: "local" }, agents: { defaults: { model: "old" } } }));
    writeFileSync(join(box.home, "clawd-dev", "notes.md"), "dev notes");
    const port = await getFreePort();
    const gw = startCli(["gateway", "--dev", "--reset", "--port", String(port)], box.env());
    await gw.waitFor("transport:");
    expect(gw.stdout).toContain("removed ~/.clawd-dev/clawd.json");
    expect(gw.stdout).toContain("removed ~/.clawd-dev/credentials");
    expect(gw.stdout).toContain("removed ~/clawd-dev");
    expect(gw.stdout).toContain("agent model: none");
    expect(existsSync(join(box.home, "clawd-dev", "notes.md"))).toBe(false);
    expect(readFileSync(main.path, "utf8")).toBe(main.text);
    expect(readFileSync(join(box.state, "clawd.json"), "utf8")).toBe(main.text);
    expect(existsSync(join(box.home, ".clawd", "credentials", "keep.json"))).toBe(true);
    expect(existsSync(join(box.state, "credentials", "keep.json"))).toBe(true);
    gw.child.kill("SIGTERM");
    expect((await gw.exited).code).toBe(0);
  });

  it("--dev --reset refuses (and removes nothing) when a dev path is a symlink into the main profile", async () => {
    const main = seedMainProfile();
    const devState = join(box.home, ".clawd-dev");
    mkdirSync(devState, { recursive: true });
    symlinkSync(main.path, join(devState, "clawd.json"));
    symlinkSync(join(box.home, ".clawd", "credentials"), join(devState, "credentials"));
    const r = await runCli(["gateway", "--dev", "--reset", "--port", String(await getFreePort())], box.env());
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")[0]).toBe("Refusing to reset the dev profile: some paths lead outside it.");
    expect(r.stderr).toContain("Nothing was removed.");
    expect(readFileSync(main.path, "utf8")).toBe(main.text);
    expect(lstatSync(join(devState, "clawd.json")).isSymbolicLink()).toBe(true);
    expect(existsSync(join(box.home, ".clawd", "credentials", "keep.json"))).toBe(true);
  });

  it("--dev --reset while the dev gateway runs refuses before removing anything (defect 2)", async () => {
    const port = await getFreePort();
    const gw = startCli(["gateway", "--dev", "--port", String(port)], box.env());
    await gw.waitFor("transport:");
    const devConfig = join(box.home, ".clawd-dev", "clawd.json");
    const before = readFileSync(devConfig, "utf8");
    const r = await runCli(["gateway", "--dev", "--reset", "--port", String(port)], box.env());
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain("removed");
    expect(r.stderr.split("\n")[0]).toMatch(
      new RegExp(
        `^Gateway already running locally in the foreground \\(PID ${gw.child.pid}\\) on port ${port}\\. (It runs without a terminal; stop it with|Stop it in its terminal \\(\\S+\\) with Ctrl\\+C, or with): kill ${gw.child.pid}$`,
      ),
    );
    expect(r.stderr).toContain(`Or replace it: clawd gateway --dev --reset --port ${port} --force`);
    expect(r.stderr).toContain("Or use another port: clawd gateway --dev --reset --port <port>");
    expect(readFileSync(devConfig, "utf8")).toBe(before);
    expect(existsSync(join(box.home, "clawd-dev"))).toBe(true);
    gw.child.kill("SIGTERM");
    expect((await gw.exited).code).toBe(0);
  });

  it("--dev --reset clears every agent's sessions under the dev state dir, and nothing of the main profile", async () => {
    seedMainProfile();
    const devState = join(box.home, ".clawd-dev");
    for (const agent of ["dev", "main", "helper"]) {
      mkdirSync(join(devState, "agents", agent, "sessions"), { recursive: true });
      writeFileSync(join(devState, "agents", agent, "sessions", "s1.jsonl"), "{}\n");
      writeFileSync(join(devState, "agents", agent, "agent.json"), "{}");
    }
    mkdirSync(join(box.home, ".clawd", "agents", "main", "sessions"), { recursive: true });
    writeFileSync(join(box.home, ".clawd", "agents", "main", "sessions", "keep.jsonl"), "{}\n");
    const port = await getFreePort();
    const gw = startCli(["gateway", "--dev", "--reset", "--port", String(port)], box.env());
    await gw.waitFor("transport:");
    for (const agent of ["dev", "helper", "main"]) {
      expect(gw.stdout).toContain(`removed ~/.clawd-dev/agents/${agent}/sessions`);
      expect(existsSync(join(devState, "agents", agent, "sessions"))).toBe(false);
      expect(existsSync(join(devState, "agents", agent, "agent.json"))).toBe(true);
    }
    expect(existsSync(join(box.home, ".clawd", "agents", "main", "sessions", "keep.jsonl"))).toBe(true);
    gw.child.kill("SIGTERM");
    expect((await gw.exited).code).toBe(0);
  });

  it("--dev (pnpm start) moves to the next free port when a stranger holds the dev port, says which, and leaves the stranger alone", async () => {
    const holder = await spawnPortHolder({ kind: "cooperative" });
    const devState = join(box.home, ".clawd-dev");
    mkdirSync(devState, { recursive: true });
    writeFileSync(join(devState, "clawd.json"), JSON.stringify({ gateway: { mode: "local", bind: "loopback", port: holder.port } }));
    const gw = startCli(["gateway", "--dev"], box.env());
    await gw.waitFor("transport:");
    const moved = new RegExp(`dev: port ${holder.port} is taken by another program.*; using port (\\d+) instead \\(pass --port to choose\\)`);
    const match = moved.exec(gw.stdout + gw.stderr);
    expect(match, gw.stdout + gw.stderr).not.toBeNull();
    const port = Number(match?.[1]);
    expect(port).toBeGreaterThan(holder.port);
    expect(gw.stdout).toContain(`listening on ws://127.0.0.1:${port}`);
    expect(holder.alive()).toBe(true);
    gw.child.kill("SIGTERM");
    expect((await gw.exited).code).toBe(0);
  });

  it("--dev with an explicit --port on a held port still refuses (no silent move)", async () => {
    const holder = await spawnPortHolder({ kind: "cooperative" });
    const r = await runCli(["gateway", "--dev", "--port", String(holder.port)], box.env());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Port ${holder.port}`);
    expect(holder.alive()).toBe(true);
  });

  it("--dev with another --profile is a usage error", async () => {
    const r = await runCli(["--profile", "work", "gateway", "--dev"], box.env());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--dev selects the "dev" profile');
  });

  it("reloads in-process when the dev config file changes", async () => {
    const port = await getFreePort();
    const gw = startCli(["gateway", "--dev", "--port", String(port)], box.env());
    await gw.waitFor("agent model: none");
    await gw.waitFor("transport:");
    const devConfig = join(box.home, ".clawd-dev", "clawd.json");
    const config = JSON.parse(readFileSync(devConfig, "utf8"));
    config.agents.defaults.model = "reloaded-model";
    writeFileSync(devConfig, JSON.stringify(config));
    await gw.waitFor("agent model: reloaded-model");
    gw.child.kill("SIGTERM");
    expect((await gw.exited).code).toBe(0);
  });

  it("a config.patch over RPC restarts the dev gateway once (the file watcher's restart), not twice", async () => {
    const port = await getFreePort();
    const gw = startCli(["gateway", "--dev", "--port", String(port)], box.env());
    await gw.waitFor("transport:");
    const devConfig = JSON.parse(readFileSync(join(box.home, ".clawd-dev", "clawd.json"), "utf8"));
    const token = devConfig.gateway?.auth?.token as string | undefined;
    const client = await connectGateway({ url: `ws://127.0.0.1:${port}`, clientName: "cli", mode: "cli", ...(token ? { token } : {}) });
    const { hash } = (await client.request("config.get")) as { hash: string };
    const result = (await client.request("config.patch", { raw: '{"gateway":{"auth":{"allowTailscale":false}}}', baseHash: hash, restartDelayMs: 0 })) as any;
    expect(result.restart).toMatchObject({ required: true, keys: ["gateway.auth.allowTailscale"] });
    await client.close();
    await gw.waitFor(/transport:[\s\S]*transport:/);
    // A second restart (the RPC's own) would follow at once; give it well past the watcher's debounce.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(gw.stdout.match(/transport:/g)).toHaveLength(2);
    gw.child.kill("SIGTERM");
    expect((await gw.exited).code).toBe(0);
  });
});
