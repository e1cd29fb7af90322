import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { connectGateway } from "@clawd/gateway-client";
import { getFreePort, spawnPortHolder, stopAllPortHolders } from "@clawd/test-kit/ports";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSleepyTailscale } from "./fake-tailscale.js";
import { CLI, createSandbox, killAllClis, runCli, type Sandbox, startCli } from "./cli-process.js";

// The `ws` library the gateway client uses (a real WebSocket client; Node 20 has no global one).
type RawSocket = { on(event: string, listener: (...args: unknown[]) => void): void; send(data: string): void };
const WebSocket = createRequire(createRequire(import.meta.url).resolve("@clawd/gateway-client"))("ws") as new (url: string) => RawSocket;

let box: Sandbox;
beforeEach(() => {
  box = createSandbox();
});
afterEach(async () => {
  await killAllClis();
  await stopAllPortHolders();
  box.cleanup();
});

const writeConfig = (config: unknown, path = join(box.state, "clawd.json")) => {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, JSON.stringify(config));
};

describe("clawd gateway: validation before side effects", () => {
  it.each([
    [["--port", "0"], 'Invalid --port "0"'],
    [["--port", "70000"], 'Invalid --port "70000"'],
    [["--port", "12ab"], 'Invalid --port "12ab"'],
    [["--bind", "wan"], 'Invalid --bind "wan" (use "loopback", "lan", "tailnet", "auto", "custom")'],
    [["--auth", "magic"], 'Invalid --auth "magic" (use "none", "token", "password")'],
    [["--tailscale", "on"], 'Invalid --tailscale "on" (use "off", "serve", "funnel")'],
    [["--log-format", "xml"], 'Invalid --log-format "xml"'],
    [["--frobnicate"], "Unknown option `--frobnicate`"],
  ])("%j is a usage error (exit 2)", async (args, message) => {
    const r = await runCli(["gateway", ...args], box.env());
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toContain(message);
    expect(r.stdout).toBe("");
    expect(existsSync(box.state)).toBe(false);
  });

  it("--reset without --dev", async () => {
    const r = await runCli(["gateway", "--reset"], box.env());
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe("Use --reset with --dev.");
  });

  it("refuses to start without gateway.mode=local", async () => {
    const r = await runCli(["gateway", "--port", String(await getFreePort())], box.env());
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")[0]).toBe("Gateway start blocked: set gateway.mode=local (current: unset) or pass --allow-unconfigured.");
    expect(r.stderr).toContain("clawd config set gateway.mode local");
  });

  it("reports remote mode as the current value", async () => {
    writeConfig({ gateway: { mode: "remote" } });
    const r = await runCli(["gateway"], box.env());
    expect(r.stderr.split("\n")[0]).toContain("(current: remote)");
    expect(r.code).toBe(1);
  });

  it("refuses a lan bind without auth, with the fix on the next line", async () => {
    writeConfig({ gateway: { mode: "local" } });
    const r = await runCli(["gateway", "--bind", "lan", "--port", String(await getFreePort())], box.env());
    expect(r.code).toBe(1);
    const [first, second] = r.stderr.split("\n");
    expect(first).toBe("Refusing to bind gateway to lan without auth.");
    expect(second).toBe("Set gateway.auth.token/password (or CLAWD_GATEWAY_TOKEN/CLAWD_GATEWAY_PASSWORD) or pass --token/--password.");
  });

  it("reports an invalid config with path and each issue, and leaves it alone", async () => {
    writeConfig({ gateway: { mode: "local", port: 0, auth: { tokne: "x" } } });
    const before = readFileSync(join(box.state, "clawd.json"), "utf8");
    const r = await runCli(["gateway"], box.env());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Config invalid");
    expect(r.stderr).toContain(`File: ${join(box.state, "clawd.json")}`);
    expect(r.stderr).toContain("- gateway.port: must be between 1 and 65535");
    expect(r.stderr).toContain("- gateway.auth.tokne: unknown key");
    expect(readFileSync(join(box.state, "clawd.json"), "utf8")).toBe(before);
  });

  it("--force with an invalid flag kills nothing", async () => {
    const holder = await spawnPortHolder({ kind: "cooperative" });
    const r = await runCli(["gateway", "--allow-unconfigured", "--force", "--port", String(holder.port), "--bind", "lan"], box.env());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Refusing to bind gateway to lan without auth.");
    expect(holder.alive()).toBe(true);
  });

  it("--auth token without any token is an error that names the fix", async () => {
    writeConfig({ gateway: { mode: "local" } });
    const r = await runCli(["gateway", "--auth", "token", "--port", String(await getFreePort())], box.env());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Gateway auth is set to token, but no token is configured.");
  });
});

describe("clawd gateway: running", () => {
  it("prints the startup lines, logs them to gateway.log (0600), serves clients and stops on SIGTERM after broadcasting shutdown", async () => {
    writeConfig({ gateway: { mode: "local", auth: { token: "s3cret" } }, agents: { defaults: { model: "anthropic/claude" } } });
    const port = await getFreePort();
    const gw = startCli(["gateway", "--port", String(port)], box.env());
    await gw.waitFor("transport:");
    expect(gw.stdout).toContain("✓ agent model: anthropic/claude");
    expect(gw.stdout).toContain(`✓ listening on ws://127.0.0.1:${port} (PID ${gw.child.pid})`);
    expect(gw.stdout).toMatch(/transport: (uws|ws) \(/);
    const logPath = join(box.state, "logs", "gateway.log");
    expect(statSync(logPath).mode & 0o777).toBe(0o600);
    expect(readFileSync(logPath, "utf8")).toContain(`listening on ws://127.0.0.1:${port}`);
    // The file is JSON lines (the original's `logs` and Control UI parse them); the terminal stays pretty.
    const records = readFileSync(logPath, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, any>);
    expect(records.find((r) => r.message === `listening on ws://127.0.0.1:${port} (PID ${gw.child.pid})`)).toMatchObject({
      level: "info",
      subsystem: "gateway",
      _meta: { logLevelName: "INFO" },
    });
    expect(gw.stdout).not.toContain('"_meta"');

    const client = await connectGateway({ url: `ws://127.0.0.1:${port}`, token: "s3cret", reconnect: false });
    const shutdown = new Promise((resolve) => client.on("shutdown", resolve));
    gw.child.kill("SIGTERM");
    await expect(shutdown).resolves.toBeDefined();
    const result = await gw.exited;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("SIGTERM received; shutting down");
    await client.close();
  });

  it("--log-format json prints one JSON object per line", async () => {
    const port = await getFreePort();
    const gw = startCli(["gateway", "--allow-unconfigured", "--port", String(port), "--log-format", "json"], box.env());
    await gw.waitFor("log file:");
    const lines = gw.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { level: string; message: string; time: string });
    expect(lines.map((l) => l.message)).toContain(`listening on ws://127.0.0.1:${port} (PID ${gw.child.pid})`);
    expect(lines.every((l) => typeof l.time === "string" && typeof l.level === "string")).toBe(true);
    gw.child.kill("SIGTERM");
    expect((await gw.exited).code).toBe(0);
  });

  it("--verbose --log-format json logs connections, requests and auth failures as JSON lines, never the secret (defect 6)", async () => {
    const secret = "verbose-s3cret-token";
    writeConfig({ gateway: { mode: "local", auth: { token: secret } } });
    const port = await getFreePort();
    const gw = startCli(["gateway", "--port", String(port), "--verbose", "--log-format", "json"], box.env());
    await gw.waitFor("transport");
    const ok = await runCli(["gateway", "health", "--port", String(port)], box.env());
    expect(ok.code, ok.stderr).toBe(0);
    const bad = await runCli(["gateway", "health", "--port", String(port), "--token", "wrong-guess-token"], box.env());
    expect(bad.code).toBe(1);
    await gw.waitFor("auth_failed");
    await gw.waitFor("gateway disconnected");
    // Warnings go to stderr, the rest to stdout: every line of both is one JSON object.
    const lines = `${gw.stdout}${gw.stderr}`
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { level: string; message: string });
    const messages = lines.map((l) => l.message);
    expect(messages.some((m) => /^gateway connected: conn=\S+ ip=127\.0\.0\.1 client="cli" clientMode="cli" role=operator auth=token$/.test(m))).toBe(true);
    expect(messages.some((m) => /^gateway request: conn=\S+ method=health ok durationMs=\d+(\.\d)?$/.test(m))).toBe(true);
    const failure = lines.find((l) => l.message.startsWith("gateway auth_failed:"));
    expect(failure?.level).toBe("warn");
    expect(failure?.message).toMatch(/ip=127\.0\.0\.1 client="cli" .*reason=\S+/);
    expect(gw.stdout + gw.stderr).not.toContain(secret);
    expect(gw.stdout + gw.stderr).not.toContain("wrong-guess-token");
    gw.child.kill("SIGTERM");
    expect((await gw.exited).code).toBe(0);
  });

  it("--verbose --log-format json: every line is JSON and connect, auth_failed, request and handshake_refused carry their facts as fields (defect 6)", async () => {
    const secret = "fields-s3cret-token";
    writeConfig({ gateway: { mode: "local", auth: { token: secret } } });
    const port = await getFreePort();
    const url = `ws://127.0.0.1:${port}`;
    const gw = startCli(["gateway", "--port", String(port), "--verbose", "--log-format", "json"], box.env());
    await gw.waitFor("transport");

    const good = await connectGateway({ url, token: secret, clientName: "webchat-ui", mode: "webchat", reconnect: false });
    expect(await good.request("health")).toBeDefined();
    await expect(good.request("no.such.method")).rejects.toThrow(/unknown method/);
    await expect(connectGateway({ url, token: "wrong-fields-guess", clientName: "cli", mode: "cli", reconnect: false })).rejects.toThrow();
    // A first frame that is not a connect request: refused during the handshake.
    const raw = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      raw.on("message", () => raw.send(JSON.stringify({ type: "req", id: "1", method: "health" })));
      raw.on("close", () => resolve());
      raw.on("error", reject);
    });
    await gw.waitFor("auth_failed");
    await gw.waitFor("handshake_refused");
    await good.close();
    await gw.waitFor('"event":"disconnect"');
    gw.child.kill("SIGTERM");
    const result = await gw.exited;
    expect(result.code).toBe(0);

    // stdout and stderr: every line parses as one JSON object with time, level and message.
    const lines = `${result.stdout}${result.stderr}`
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const line of lines) expect(line).toMatchObject({ time: expect.any(String), level: expect.any(String), message: expect.any(String) });
    const events = (name: string) => lines.filter((l) => l.event === name);

    const [connect] = events("connect");
    expect(connect).toMatchObject({
      level: "debug",
      conn: expect.any(String),
      ip: "127.0.0.1",
      clientId: "webchat-ui",
      mode: "webchat",
      role: "operator",
      auth: "token",
    });
    expect(connect?.message).toBe(
      `gateway connected: conn=${String(connect?.conn)} ip=127.0.0.1 client="webchat-ui" clientMode="webchat" role=operator auth=token`,
    );
    const requests = events("request").filter((l) => l.conn === connect?.conn);
    expect(requests.find((l) => l.method === "health")).toMatchObject({ ok: true, durationMs: expect.any(Number) });
    expect(requests.find((l) => l.method === "health")).not.toHaveProperty("errorCode");
    expect(requests.find((l) => l.method === "no.such.method")).toMatchObject({ ok: false, errorCode: "INVALID_REQUEST", durationMs: expect.any(Number) });

    const [failed] = events("auth_failed");
    expect(failed).toMatchObject({ level: "warn", ip: "127.0.0.1", clientId: "cli", clientMode: "cli", auth: "token", reason: expect.any(String) });
    expect(failed?.message).toMatch(/^gateway auth_failed: ip=127\.0\.0\.1 client="cli" /);

    expect(events("handshake_refused")[0]).toMatchObject({
      level: "debug",
      conn: expect.any(String),
      ip: "127.0.0.1",
      closeCode: expect.any(Number),
      reason: expect.any(String),
    });
    expect(events("disconnect").some((l) => l.conn === connect?.conn)).toBe(true);
    expect(events("listening")[0]).toMatchObject({ port, transport: expect.stringMatching(/^(uws|ws)$/) });
    // The reserved keys keep their meaning: a field never clobbers them.
    expect(lines.every((l) => l.subsystem === "gateway" && l["1"] === l.message)).toBe(true);

    // Never the secret or the wrong guess, in the message or any field.
    expect(result.stdout + result.stderr).not.toContain(secret);
    expect(result.stdout + result.stderr).not.toContain("wrong-fields-guess");

    // The log file holds the same fields; `clawd logs --json` passes them on.
    const logged = readFileSync(join(box.state, "logs", "gateway.log"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged.find((l) => l.event === "request" && l.method === "health")).toMatchObject({ ok: true, conn: connect?.conn });
    const view = await runCli(["logs", "--json", "--limit", "200", "--level", "debug"], box.env());
    expect(view.code, view.stderr).toBe(0);
    const viewed = view.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { message: string; fields?: Record<string, unknown> });
    expect(viewed.find((l) => l.fields?.event === "auth_failed")?.fields).toMatchObject({ ip: "127.0.0.1", clientId: "cli", reason: expect.any(String) });
    expect(view.stdout).not.toContain(secret);
  });

  it("without --verbose, connections and requests are not logged", async () => {
    const port = await getFreePort();
    const gw = startCli(["gateway", "--allow-unconfigured", "--port", String(port)], box.env());
    await gw.waitFor("transport:");
    expect((await runCli(["gateway", "health", "--port", String(port)], box.env())).code).toBe(0);
    gw.child.kill("SIGTERM");
    const result = await gw.exited;
    expect(result.stdout).not.toContain("gateway request:");
    expect(result.stdout).not.toContain("gateway connected:");
  });

  it("under --profile work the start-up lines name that profile's commands (dashboard)", async () => {
    const port = await getFreePort();
    const gw = startCli(["--profile", "work", "gateway", "--allow-unconfigured", "--port", String(port)], box.env());
    await gw.waitFor("dashboard:");
    expect(gw.stdout).toContain(`dashboard: http://127.0.0.1:${port}/ (clawd --profile work dashboard opens it signed in)`);
    gw.child.kill("SIGTERM");
    expect((await gw.exited).code).toBe(0);
  });

  it("a second gateway on the same port says which PID runs and how to stop it", async () => {
    const port = await getFreePort();
    const first = startCli(["gateway", "--allow-unconfigured", "--port", String(port)], box.env());
    await first.waitFor("log file:");
    const second = await runCli(["gateway", "--allow-unconfigured", "--port", String(port)], box.env());
    expect(second.code).toBe(1);
    // Defect 4: a foreground gateway is not the service; `gateway stop` would answer "not installed".
    // Started by the test runner it has no terminal of its own (unless the runner has one).
    expect(second.stderr.split("\n")[0]).toMatch(
      new RegExp(
        `^Gateway already running locally in the foreground \\(PID ${first.child.pid}\\) on port ${port}\\. (It runs without a terminal; stop it with|Stop it in its terminal \\(\\S+\\) with Ctrl\\+C, or with): kill ${first.child.pid}$`,
      ),
    );
    expect(second.stderr).not.toContain("gateway stop");
    // The --force hint reruns on this port (a bare `clawd gateway --force` would start on 18789
    // and leave this gateway running): run it as printed, and it replaces the first gateway.
    const hint = /^Or replace it: clawd (.+)$/m.exec(second.stderr)?.[1];
    expect(hint).toBe(`gateway --port ${port} --allow-unconfigured --force`);
    const replacement = startCli((hint as string).split(" "), box.env());
    await replacement.waitFor(`listening on ws://127.0.0.1:${port}`);
    expect((await first.exited).code).toBe(0);
    replacement.child.kill("SIGTERM");
    expect((await replacement.exited).code).toBe(0);
  });

  it.skipIf(process.platform !== "linux" || spawnSync("sh", ["-c", "command -v script"]).status !== 0)(
    "a foreground gateway in a terminal is named by that terminal in the refusal (skipped without util-linux script)",
    async () => {
      const port = await getFreePort();
      // util-linux `script` gives the first gateway a real pseudo-terminal, as a user's shell would.
      const term = spawn("script", ["-qfc", `exec '${process.execPath}' '${CLI}' gateway --allow-unconfigured --port ${port}`, "/dev/null"], {
        env: box.env(),
        detached: true,
        stdio: ["pipe", "pipe", "pipe"],
      });
      let output = "";
      term.stdout.setEncoding("utf8").on("data", (d: string) => (output += d));
      try {
        const deadline = Date.now() + 15_000;
        while (!output.includes("log file:") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        expect(output).toContain("log file:");
        const second = await runCli(["gateway", "--allow-unconfigured", "--port", String(port)], box.env());
        expect(second.code).toBe(1);
        expect(second.stderr.split("\n")[0]).toMatch(/\. Stop it in its terminal \(pts\/\d+\) with Ctrl\+C, or with: kill \d+$/);
      } finally {
        process.kill(-(term.pid as number), "SIGTERM");
        await new Promise((r) => (term.exitCode !== null ? r(undefined) : term.once("exit", r)));
      }
    },
  );

  it("a port held by another process is explained (pid, command) and not touched", async () => {
    const holder = await spawnPortHolder({ kind: "cooperative" });
    const r = await runCli(["gateway", "--allow-unconfigured", "--port", String(holder.port)], box.env());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Port ${holder.port}`);
    expect(r.stderr).toContain(String(holder.pid));
    expect(holder.alive()).toBe(true);
  });

  it("--force frees the port, printing what it killed and how long it waited", async () => {
    const holder = await spawnPortHolder({ kind: "cooperative", cleanupMs: 150 });
    const gw = startCli(["gateway", "--allow-unconfigured", "--force", "--port", String(holder.port)], box.env());
    await gw.waitFor("log file:");
    await holder.exited;
    expect(gw.stdout).toMatch(new RegExp(`force: killed pid ${holder.pid} \\(\\S+\\) on port ${holder.port}`));
    expect(gw.stdout).toMatch(new RegExp(`force: waited \\d+ms for port ${holder.port} to free`));
    expect(gw.stdout).toContain(`listening on ws://127.0.0.1:${holder.port}`);
    gw.child.kill("SIGTERM");
    expect((await gw.exited).code).toBe(0);
  });

  it("SIGHUP restarts in-process with the re-read config; an invalid new config keeps the old server", async () => {
    writeConfig({ gateway: { mode: "local" }, agents: { defaults: { model: "first-model" } } });
    const port = await getFreePort();
    const gw = startCli(["gateway", "--port", String(port)], box.env());
    await gw.waitFor("agent model: first-model");
    writeConfig({ gateway: { mode: "local" }, agents: { defaults: { model: "second-model" } } });
    gw.child.kill("SIGHUP");
    await gw.waitFor("agent model: second-model");
    writeConfig({ gateway: { mode: "local", port: "nope" } });
    gw.child.kill("SIGHUP");
    await gw.waitFor("restart skipped");
    const client = await connectGateway({ url: `ws://127.0.0.1:${port}`, reconnect: false });
    await expect(client.request("health")).resolves.toBeDefined();
    await client.close();
    expect(gw.child.pid).toBeDefined();
    gw.child.kill("SIGTERM");
    expect((await gw.exited).code).toBe(0);
  });

  it("a second SIGINT during a slow shutdown exits at once with 130", async () => {
    const port = await getFreePort();
    const env = box.env({ PATH: `${createSleepyTailscale()}:${process.env.PATH}` });
    const gw = startCli(["gateway", "--allow-unconfigured", "--port", String(port), "--tailscale", "serve", "--tailscale-reset-on-exit"], env);
    await gw.waitFor("advertising gateway via Tailscale Serve");
    gw.child.kill("SIGINT");
    await gw.waitFor("SIGINT received; shutting down");
    gw.child.kill("SIGINT");
    const result = await gw.exited;
    expect(result.stderr).toContain("second SIGINT received; exiting now");
    expect(result.code).toBe(130);
  });

  it("a shutdown that does not finish within 5 s exits with 1", async () => {
    const port = await getFreePort();
    const env = box.env({ PATH: `${createSleepyTailscale()}:${process.env.PATH}` });
    const gw = startCli(["gateway", "--allow-unconfigured", "--port", String(port), "--tailscale", "serve", "--tailscale-reset-on-exit"], env);
    await gw.waitFor("advertising gateway via Tailscale Serve");
    gw.child.kill("SIGTERM");
    const result = await gw.exited;
    expect(result.stderr).toContain("shutdown did not finish within 5000ms; exiting");
    expect(result.code).toBe(1);
  });
});
