// A plugin method answers through the installed service, on a REAL `systemd --user` manager
// (tooling/test-kit/systemd-sandbox): the service reads the same config and loads the same
// plugins as the foreground gateway; a plugin that does not load keeps the service from starting.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { getFreePort } from "@clawd/test-kit/ports";
import { type SystemdSandbox, startSystemdUserManager, systemdSandboxUnavailableReason } from "@clawd/test-kit/systemd-sandbox";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { killAllClis, runCli } from "./cli-process.js";
import { systemdCliEnv } from "./systemd-cli-env.js";

const reason = systemdSandboxUnavailableReason();
const TOKEN = "service-plugin-token-0123456789";
const HELLO = fileURLToPath(new URL("../../../examples/plugin-hello/index.js", import.meta.url));

afterEach(killAllClis);

describe.skipIf(reason !== undefined)(`plugins under a real systemd --user manager${reason ? ` (skipped: ${reason})` : ""}`, () => {
  let sbx: SystemdSandbox;
  let port: number;
  let env: NodeJS.ProcessEnv;
  const cli = (...args: string[]) => runCli(args, env);
  const configPath = () => join(sbx.home, ".clawd", "clawd.json");
  const setPlugins = (plugins: unknown[]) => {
    const config = JSON.parse(readFileSync(configPath(), "utf8"));
    writeFileSync(configPath(), JSON.stringify({ ...config, plugins }));
  };

  beforeAll(async () => {
    sbx = await startSystemdUserManager();
    port = await getFreePort();
    env = systemdCliEnv(sbx);
    expect((await cli("config", "set", "gateway.mode", "local")).code).toBe(0);
  }, 60_000);

  afterAll(async () => {
    await cli("gateway", "uninstall");
    await sbx?.stop();
  });

  it("install → the service loads the hello plugin; gateway call reaches it; status lists it; a broken config stops the restart", async () => {
    setPlugins([{ module: relative(dirname(configPath()), HELLO), config: { greeting: "Served" } }]);
    const install = await cli("gateway", "install", "--port", String(port), "--token", TOKEN);
    expect(install.code, install.stdout + install.stderr).toBe(0);

    const call = await cli("gateway", "call", "hello.greet", "--params", `{"name":"systemd"}`, "--json", "--url", `ws://127.0.0.1:${port}`);
    expect(call.stderr).toBe("");
    expect(JSON.parse(call.stdout)).toEqual({ text: "Served, systemd!", count: 1 });
    const status = JSON.parse((await cli("gateway", "status", "--json")).stdout);
    expect(status.rpc.plugins.map((p: { name: string }) => p.name)).toEqual(["hello"]);
    const log = readFileSync(join(sbx.home, ".clawd", "logs", "gateway.log"), "utf8");
    expect(log).toContain("plugin hello 1.0.0: methods hello.greet (read); events hello.greeted");

    setPlugins([{ module: HELLO, config: { greeting: 42 } }]);
    const restart = await cli("gateway", "restart");
    expect(restart.code, restart.stdout + restart.stderr).toBe(1);
    const errLog = readFileSync(join(sbx.home, ".clawd", "logs", "gateway.err.log"), "utf8");
    expect(errLog).toMatch(/Plugin "hello" failed to load: invalid config: greeting: /);
    expect(errLog).toContain(`Module: ${HELLO}`);
  });
});
