import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSandbox, runCli, type Sandbox } from "./cli-process.js";

let box: Sandbox;
let configPath: string;
beforeEach(() => {
  box = createSandbox();
  configPath = join(box.state, "clawd.json");
});
afterEach(() => box.cleanup());

const readConfig = () => JSON.parse(readFileSync(configPath, "utf8")) as Record<string, any>;

describe("clawd config", () => {
  it("path honours CLAWD_STATE_DIR, CLAWD_CONFIG_PATH and --profile", async () => {
    expect((await runCli(["config", "path"], box.env())).stdout).toBe(`${configPath}\n`);
    const custom = join(box.root, "elsewhere.json");
    expect((await runCli(["config", "path"], box.env({ CLAWD_CONFIG_PATH: custom }))).stdout).toBe(`${custom}\n`);
    expect((await runCli(["config", "path", "--profile", "work"], box.env())).stdout).toBe(`${join(box.home, ".clawd-work", "clawd.json")}\n`);
    expect((await runCli(["--profile", "bad name", "config", "path"], box.env())).code).toBe(2);
  });

  it("set parses JSON values, writes 0600 atomically and keeps a .bak; get and unset round-trip", async () => {
    const set1 = await runCli(["config", "set", "gateway.port", "19001"], box.env());
    expect(set1.code).toBe(0);
    expect(readConfig()).toEqual({ gateway: { port: 19001 } });
    expect(statSync(configPath).mode & 0o777).toBe(0o600);
    expect(existsSync(`${configPath}.bak`)).toBe(false);

    await runCli(["config", "set", "gateway.auth.allowTailscale", "true"], box.env());
    await runCli(["config", "set", "gateway.mode", "local"], box.env());
    expect(readConfig().gateway).toEqual({ port: 19001, mode: "local", auth: { allowTailscale: true } });
    expect(statSync(`${configPath}.bak`).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(`${configPath}.bak`, "utf8")).gateway.mode).toBeUndefined();

    const get = await runCli(["config", "get", "gateway.port"], box.env());
    expect(get.stdout).toBe("19001\n");
    expect((await runCli(["config", "get", "gateway.mode"], box.env())).stdout).toBe("local\n");
    const missing = await runCli(["config", "get", "gateway.bind"], box.env());
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("Config key not set: gateway.bind");

    expect((await runCli(["config", "unset", "gateway.auth.allowTailscale"], box.env())).code).toBe(0);
    expect(readConfig().gateway).toEqual({ port: 19001, mode: "local" });
  });

  it("get redacts secrets (text and --json) unless --show-secrets, and says how to show them", async () => {
    mkdirSync(box.state, { recursive: true });
    const token = "tok-abcdef0123456789";
    const password = "pw-9876543210fedcba";
    writeFileSync(configPath, JSON.stringify({ gateway: { mode: "local", auth: { token }, remote: { url: "wss://gw.example", password } } }));
    for (const args of [
      ["config", "get"],
      ["config", "get", "gateway"],
      ["config", "get", "gateway", "--json"],
      ["config", "get", "gateway.auth"],
    ]) {
      const r = await runCli(args, box.env());
      expect(r.code, args.join(" ")).toBe(0);
      expect(r.stdout + r.stderr).not.toContain(token);
      expect(r.stdout + r.stderr).not.toContain(password);
      expect(r.stdout).toContain("__CLAWD_REDACTED__");
      expect(r.stderr).toContain("clawd config get");
      expect(r.stderr).toContain("--show-secrets");
    }
    expect(JSON.parse((await runCli(["config", "get", "gateway", "--json"], box.env())).stdout)).toEqual({
      mode: "local",
      auth: { token: "__CLAWD_REDACTED__" },
      remote: { url: "wss://gw.example", password: "__CLAWD_REDACTED__" },
    });
    // Asking for exactly a secret: still redacted, and stderr names the command that shows it (with the profile).
    mkdirSync(join(box.home, ".clawd-p"), { recursive: true });
    writeFileSync(join(box.home, ".clawd-p", "clawd.json"), readFileSync(configPath));
    const exact = await runCli(["--profile", "p", "config", "get", "gateway.auth.token"], box.env());
    expect(exact.code).toBe(0);
    expect(exact.stdout).toBe("__CLAWD_REDACTED__\n");
    expect(exact.stderr).toContain("clawd --profile p config get gateway.auth.token --show-secrets");
    // Explicit --show-secrets prints them as stored, with no note.
    const shown = await runCli(["config", "get", "gateway.auth.token", "--show-secrets"], box.env());
    expect(shown.stdout).toBe(`${token}\n`);
    expect(shown.stderr).toBe("");
    expect(JSON.parse((await runCli(["config", "get", "--json", "--show-secrets"], box.env())).stdout).gateway.remote.password).toBe(password);
    // Nothing secret in the answer: no note.
    const plain = await runCli(["config", "get", "gateway.mode"], box.env());
    expect(plain.stdout).toBe("local\n");
    expect(plain.stderr).toBe("");
  });

  it("set with the redaction placeholder (pasted from config get) keeps the stored secret, and refuses one with nothing stored", async () => {
    mkdirSync(box.state, { recursive: true });
    writeFileSync(configPath, JSON.stringify({ gateway: { mode: "local", auth: { token: "stored-token-1234" } } }));
    const pasted = (await runCli(["config", "get", "gateway", "--json"], box.env())).stdout.replace('"local"', '"remote"');
    expect(pasted).toContain("__CLAWD_REDACTED__");
    const back = await runCli(["config", "set", "gateway", pasted], box.env());
    expect(back.code, back.stderr).toBe(0);
    expect(readConfig().gateway).toEqual({ mode: "remote", auth: { token: "stored-token-1234" } });

    const none = await runCli(["config", "set", "gateway.auth.password", "__CLAWD_REDACTED__"], box.env());
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("gateway.auth.password holds the redaction placeholder __CLAWD_REDACTED__ but no value is stored there; send the real value");
    expect(readConfig().gateway.auth).toEqual({ token: "stored-token-1234" });
  });

  it("hints in usage errors name the active profile (clawd --profile p …)", async () => {
    const profileDir = join(box.home, ".clawd-p");
    mkdirSync(profileDir, { recursive: true });
    const profileConfig = join(profileDir, "clawd.json");
    writeFileSync(profileConfig, '{"gateway":{"port":"nope"}}');
    const invalid = await runCli(["--profile", "p", "config", "get"], box.env());
    expect(invalid.code).not.toBe(0);
    expect(invalid.stderr).toContain("Fix: edit the file, or use clawd --profile p config set|unset <key>; then run clawd --profile p doctor.");

    writeFileSync(profileConfig, '{"gateway":{"mode":"local","auth":{"token":" "}}}');
    const empty = await runCli(["--profile", "p", "config", "get"], box.env());
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain(
      "Set it (clawd --profile p config set gateway.auth.token <value>) or remove it (clawd --profile p config unset gateway.auth.token).",
    );

    writeFileSync(profileConfig, '{"gateway":{"mode":"local"}}');
    const bind = await runCli(["--profile", "p", "gateway", "--bind", "custom"], box.env());
    expect(bind.code).not.toBe(0);
    expect(bind.stderr).toContain("Pass --host <ip> or run: clawd --profile p config set gateway.customBindHost <ip>");

    const approve = await runCli(["--profile", "p", "devices", "approve", " "], box.env());
    expect(approve.code).toBe(2);
    expect(approve.stderr).toContain("See pending requests with: clawd --profile p devices list");
  });

  it("gateway.trustedProxies takes addresses and CIDR ranges; anything else is refused, naming the key", async () => {
    expect((await runCli(["config", "set", "gateway.trustedProxies", '["127.0.0.1","10.0.0.0/8","::1"]'], box.env())).code).toBe(0);
    expect(readConfig().gateway.trustedProxies).toEqual(["127.0.0.1", "10.0.0.0/8", "::1"]);
    const bad = await runCli(["config", "set", "gateway.trustedProxies", '["10.0.0.0/33"]'], box.env());
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("gateway.trustedProxies");
    expect(bad.stderr).toContain("must be an IP address or CIDR range (e.g. 127.0.0.1 or 10.0.0.0/8)");
    expect(readConfig().gateway.trustedProxies).toEqual(["127.0.0.1", "10.0.0.0/8", "::1"]);
  });

  it("keeps unknown top-level sections of other applications", async () => {
    mkdirSync(box.state, { recursive: true });
    writeFileSync(configPath, JSON.stringify({ myApp: { theme: "dark" } }));
    await runCli(["config", "set", "gateway.bind", "loopback"], box.env());
    expect(readConfig()).toEqual({ myApp: { theme: "dark" }, gateway: { bind: "loopback" } });
  });

  it.each([
    [["gateway.port", "70000"], "- gateway.port: must be between 1 and 65535"],
    [["gateway.bind", "wan"], "- gateway.bind: must be one of: loopback, lan, tailnet, auto, custom"],
    [["gateway.auth.tokne", "x"], "- gateway.auth.tokne: unknown key"],
  ])("set %j is validated before writing (exit 2, file unchanged)", async (args, issue) => {
    mkdirSync(box.state, { recursive: true });
    writeFileSync(configPath, '{"gateway":{"mode":"local"}}');
    const r = await runCli(["config", "set", ...args], box.env());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Refusing to write an invalid config.");
    expect(r.stderr).toContain(issue);
    expect(readFileSync(configPath, "utf8")).toBe('{"gateway":{"mode":"local"}}');
  });

  it("reads a JSON5 config (comments, trailing commas); a write stores strict JSON and says the comments are gone", async () => {
    mkdirSync(box.state, { recursive: true });
    const json5 = "{\n  // my gateway\n  gateway: { port: 19001, mode: 'local', },\n}\n";
    writeFileSync(configPath, json5);
    expect((await runCli(["config", "get", "gateway.port"], box.env())).stdout).toBe("19001\n");
    const set = await runCli(["config", "set", "gateway.port", "19002"], box.env());
    expect(set.code).toBe(0);
    expect(set.stderr).toContain("JSON5");
    expect(set.stderr).toContain("comments");
    expect(readConfig()).toEqual({ gateway: { port: 19002, mode: "local" } });
    expect(readFileSync(`${configPath}.bak`, "utf8")).toBe(json5);
    // Strict JSON from then on: no warning on the next write.
    expect((await runCli(["config", "set", "gateway.port", "19003"], box.env())).stderr).toBe("");
  });

  it("an unparseable config is reported with line and column and never overwritten", async () => {
    mkdirSync(box.state, { recursive: true });
    const broken = '{\n  "gateway": {\n    "mode": "local",,\n  }\n}\n';
    writeFileSync(configPath, broken);
    for (const args of [
      ["config", "set", "gateway.port", "1234"],
      ["config", "get"],
      ["onboard", "--non-interactive"],
    ]) {
      const r = await runCli(args, box.env());
      expect(r.code).toBe(1);
      expect(r.stderr.split("\n").slice(0, 3)).toEqual(["Config invalid", `File: ${configPath}`, "Problem:"]);
      expect(r.stderr).toMatch(/- <file>: not valid JSON or JSON5 at line 3, column \d+/);
    }
    expect(readFileSync(configPath, "utf8")).toBe(broken);
  });
});

describe("clawd onboard", () => {
  it("--non-interactive --generate-token writes mode local, a 32-byte token (shown once), mode 0600", async () => {
    mkdirSync(box.state, { recursive: true });
    writeFileSync(configPath, JSON.stringify({ agents: { defaults: { model: "keep-me" } } }));
    const r = await runCli(["onboard", "--non-interactive", "--port", "19555", "--bind", "lan", "--generate-token"], box.env());
    expect(r.code).toBe(0);
    const config = readConfig();
    expect(config.gateway).toMatchObject({ mode: "local", port: 19555, bind: "lan", auth: { mode: "token" } });
    expect(config.gateway.auth.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(config.agents.defaults.model).toBe("keep-me");
    expect(r.stdout.split(config.gateway.auth.token).length - 1).toBe(1);
    expect(statSync(configPath).mode & 0o777).toBe(0o600);
  });

  it("refuses a lan bind without auth, and prompts need a terminal", async () => {
    const lan = await runCli(["onboard", "--non-interactive", "--bind", "lan"], box.env());
    expect(lan.code).toBe(2);
    expect(lan.stderr).toContain("Refusing to configure bind lan without auth.");
    const interactive = await runCli(["onboard"], box.env());
    expect(interactive.code).toBe(2);
    expect(interactive.stderr).toContain("--non-interactive");
    expect(existsSync(configPath)).toBe(false);
  });
});

describe("clawd doctor", () => {
  it("prints each check with ✓/✗ and a fix, exit 1 while the config is missing", async () => {
    const r = await runCli(["doctor"], box.env({ CLAWD_GATEWAY_PORT: "1" }));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^✓ Node\.js: \d+\.\d+\.\d+$/m);
    // uWS is ✓; a ws fallback is a warning naming the cause and a fix (Node 20/22/24 on glibc 2.36 here, uWS on patched Node).
    const { detectTransport } = await import("@clawd/gateway-server");
    if (detectTransport({}).transport === "uws") expect(r.stdout).toMatch(/^✓ WebSocket transport: uws \(uWebSockets\.js from /m);
    else expect(r.stdout).toMatch(/^! WebSocket transport: ws fallback, .*\n {2}fix: /m);
    expect(r.stdout).toContain(`✗ Config: not found at ${configPath}`);
    expect(r.stdout).toContain("  fix: Run clawd onboard.");
    expect(r.stdout).toMatch(/^[✓!✗] Tailscale: /m);
  });

  it("passes after onboarding (--json)", async () => {
    await runCli(["onboard", "--non-interactive"], box.env());
    const { getFreePort } = await import("@clawd/test-kit/ports");
    const r = await runCli(["doctor", "--json"], box.env({ CLAWD_GATEWAY_PORT: String(await getFreePort()) }));
    const report = JSON.parse(r.stdout) as { ok: boolean; checks: Array<{ name: string; status: string }> };
    expect(report.checks.find((c) => c.name === "Config")?.status).toBe("ok");
    expect(report.checks.find((c) => c.name === "Port")?.status).toBe("ok");
    expect(r.code).toBe(report.ok ? 0 : 1);
  });
});

describe("clawd (top level)", () => {
  it('mistyped commands and options get a "Did you mean …?" (exit 2); a different word gets none', async () => {
    const cmd = await runCli(["gatway", "status"], box.env());
    expect(cmd.code).toBe(2);
    expect(cmd.stderr.split("\n").slice(0, 2)).toEqual(['Unknown command "gatway".', 'Did you mean "clawd gateway"?']);
    const sub = await runCli(["gateway", "helth"], box.env());
    expect(sub.code).toBe(2);
    expect(sub.stderr).toContain('Did you mean "clawd gateway health"?');
    const opt = await runCli(["gateway", "--prot", "5"], box.env());
    expect(opt.code).toBe(2);
    expect(opt.stderr.split("\n").slice(0, 2)).toEqual(["Unknown option `--prot`.", 'Did you mean "--port"?']);
    const other = await runCli(["banana"], box.env());
    expect(other.code).toBe(2);
    expect(other.stderr).not.toContain("Did you mean");
  });

  it('a mistyped global option gets a "Did you mean …?" too, and suggested commands keep --profile', async () => {
    const global = await runCli(["--profle", "work", "status"], box.env());
    expect(global.code).toBe(2);
    expect(global.stderr.split("\n").slice(0, 2)).toEqual(["Unknown option --profle.", 'Did you mean "--profile"?']);
    const cmd = await runCli(["--profile", "work", "gatway"], box.env());
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toContain('Did you mean "clawd --profile work gateway"?');
    const sub = await runCli(["--profile", "work", "gateway", "helth"], box.env());
    expect(sub.code).toBe(2);
    expect(sub.stderr).toContain('Did you mean "clawd --profile work gateway health"?');
  });

  it("--version, --help, unknown commands", async () => {
    const v = await runCli(["--version"], box.env());
    expect(v.stdout).toMatch(/^\d+\.\d+\.\d+/);
    const help = await runCli(["--help"], box.env());
    expect(help.stdout).toContain("--profile <name>");
    for (const cmd of ["gateway", "onboard", "doctor", "config"]) expect(help.stdout).toContain(`  ${cmd} `);
    const gwHelp = await runCli(["gateway", "--help"], box.env());
    for (const flag of [
      "--port <port>",
      "--bind <mode>",
      "--host <ip>",
      "--token <token>",
      "--password <password>",
      "--auth <mode>",
      "--tailscale <mode>",
      "--tailscale-reset-on-exit",
      "--allow-unconfigured",
      "--dev",
      "--reset",
      "--force",
      "--verbose",
      "--log-format <format>",
    ]) {
      expect(gwHelp.stdout).toMatch(new RegExp(`^  ${flag.replace(/[<>]/g, "\\$&")}\\s.*\\(default: .+\\)`, "m"));
    }
    // A group whose only command is named (node run, plugins list) still lists it.
    for (const [group, command] of [
      ["node", "run"],
      ["plugins", "list"],
    ]) {
      const groupHelp = await runCli([group as string, "--help"], box.env());
      expect(groupHelp.stdout).toMatch(new RegExp(`^Commands:\n  ${command} `, "m"));
    }
    const unknown = await runCli(["frob"], box.env());
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "frob".');
  });
});
