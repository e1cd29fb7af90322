// gateway.limits and the open-files warning through the installed service, on a REAL
// `systemd --user` manager (tooling/test-kit/systemd-sandbox): the service reads the same
// limits as the foreground gateway, and under a unit whose LimitNOFILE is too low for
// maxConnections it says so (naming LimitNOFILE and the unit) and still serves.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { connectGateway, type GatewayClient } from "@clawd/gateway-client";
import { getFreePort } from "@clawd/test-kit/ports";
import { type SystemdSandbox, startSystemdUserManager, systemdSandboxUnavailableReason } from "@clawd/test-kit/systemd-sandbox";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { killAllClis, runCli } from "./cli-process.js";
import { systemdCliEnv } from "./systemd-cli-env.js";
import { upgradeStatus } from "@clawd/test-kit/upgrade-status";

const reason = systemdSandboxUnavailableReason();
const TOKEN = "service-limits-token-0123456789";

afterEach(killAllClis);

describe.skipIf(reason !== undefined)(`gateway.limits under a real systemd --user manager${reason ? ` (skipped: ${reason})` : ""}`, () => {
  let sbx: SystemdSandbox;
  let port: number;
  let env: NodeJS.ProcessEnv;
  const clients: GatewayClient[] = [];
  const cli = (...args: string[]) => runCli(args, env);
  const configPath = () => join(sbx.home, ".clawd", "clawd.json");
  const logs = (...files: string[]) =>
    (files.length > 0 ? files : ["gateway.log", "gateway.err.log"])
      .map((f) => {
        try {
          return readFileSync(join(sbx.home, ".clawd", "logs", f), "utf8");
        } catch {
          return "";
        }
      })
      .join("\n");
  const connect = async () => {
    const c = await connectGateway({ url: `ws://127.0.0.1:${port}`, token: TOKEN, clientName: "cli", mode: "cli" });
    clients.push(c);
    return c;
  };
  // "connected", or why not with the status the upgrade got (Node 22+'s WebSocket hides it in its message).
  const refusal = () =>
    connect().then(
      () => "connected",
      async (e: unknown) => `${String((e as Error)?.message ?? e)} (upgrade answered HTTP ${await upgradeStatus(port)})`,
    );
  const mainPid = () => Number(sbx.systemctl(["show", "-p", "MainPID", "--value", "clawd-gateway.service"]).stdout.trim());

  beforeAll(async () => {
    sbx = await startSystemdUserManager();
    port = await getFreePort();
    env = systemdCliEnv(sbx);
    expect((await cli("config", "set", "gateway.mode", "local")).code).toBe(0);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => {})));
    await cli("gateway", "uninstall");
    await sbx?.stop();
  });

  it("the service applies gateway.limits.maxConnections: the 3rd socket of 2 allowed gets 503", async () => {
    expect((await cli("config", "set", "gateway.limits.maxConnections", "2")).code).toBe(0);
    const install = await cli("gateway", "install", "--port", String(port), "--token", TOKEN);
    expect(install.code, install.stdout + install.stderr).toBe(0);
    await connect();
    await connect();
    expect(await refusal()).toContain("upgrade answered HTTP 503");
    expect(logs()).not.toContain("RLIMIT_NOFILE");
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });

  it("under LimitNOFILE=256 the default maxConnections (8192) gets one warning naming LimitNOFILE and the unit; the service still serves", async () => {
    const config = JSON.parse(readFileSync(configPath(), "utf8"));
    delete config.gateway.limits;
    writeFileSync(configPath(), JSON.stringify(config));
    const dropIn = join(sbx.home, ".config", "systemd", "user", "clawd-gateway.service.d");
    mkdirSync(dropIn, { recursive: true });
    writeFileSync(join(dropIn, "nofile.conf"), "[Service]\nLimitNOFILE=256\n");
    expect(sbx.systemctl(["daemon-reload"]).code).toBe(0);
    const restart = await cli("gateway", "restart");
    expect(restart.code, restart.stdout + restart.stderr).toBe(0);
    expect(readFileSync(`/proc/${mainPid()}/limits`, "utf8")).toMatch(/^Max open files\s+256\s+256\s/m);
    expect(await refusal()).toBe("connected");
    // One warning, written once to each of the service's logs (gateway.err.log, and gateway.log where `clawd logs` reads it).
    const warningsIn = (file: string) =>
      logs(file)
        .split("\n")
        .filter((l) => l.includes("RLIMIT_NOFILE"));
    expect(warningsIn("gateway.log")).toHaveLength(1);
    const lines = warningsIn("gateway.err.log");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("gateway.limits.maxConnections is 8192 but this process may open only 256 files (RLIMIT_NOFILE)");
    expect(lines[0]).toContain("set LimitNOFILE=8256 under [Service] (systemctl --user edit clawd-gateway.service) and restart the service");
  });
});
