// Config over RPC on a real CLI-run gateway: real process, real port, the real client.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { connectGateway, GatewayRequestError } from "@clawd/gateway-client";
import { getFreePort } from "@clawd/test-kit/ports";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliProcess, createSandbox, killAllClis, type Sandbox, startCli } from "./cli-process.js";

let box: Sandbox;
let gw: CliProcess;
let port: number;
let configPath: string;
const TOKEN = "config-rpc-test-token";

beforeAll(async () => {
  box = createSandbox();
  mkdirSync(box.state, { recursive: true });
  port = await getFreePort();
  configPath = join(box.state, "clawd.json");
  writeFileSync(configPath, `{\n  // written by hand\n  gateway: { mode: "local", port: ${port}, auth: { token: "${TOKEN}" } },\n}\n`);
  gw = startCli(["gateway"], box.env());
  await gw.waitFor("transport:");
});
afterAll(async () => {
  gw.child.kill("SIGTERM");
  await gw.exited;
  await killAllClis();
  box.cleanup();
});

const connect = (p: number, scopes?: string[]) =>
  connectGateway({ url: `ws://127.0.0.1:${p}`, token: TOKEN, clientName: "cli", mode: "cli", ...(scopes ? { scopes } : {}) });

describe("config over RPC on the CLI-run gateway", () => {
  it("advertises the five config methods and serves them to admin only", async () => {
    const client = await connect(port, ["operator.read"]);
    try {
      for (const method of ["config.get", "config.schema", "config.set", "config.patch", "config.apply"]) {
        expect(client.hello.features?.methods).toContain(method);
      }
      const error = await client.request("config.get").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GatewayRequestError);
      expect((error as GatewayRequestError).message).toMatch(/operator\.admin/);
    } finally {
      await client.close();
    }
  });

  it("config.get hides the token; a port change through config.patch restarts the gateway in-process on the new port", async () => {
    const client = await connect(port);
    const snap = (await client.request("config.get")) as { hash: string; raw: string; config: any };
    expect(snap.raw).toContain("// written by hand");
    expect(JSON.stringify(snap)).not.toContain(TOKEN);
    const newPort = await getFreePort();
    const result = (await client.request("config.patch", {
      raw: JSON.stringify({ gateway: { port: newPort } }),
      baseHash: snap.hash,
      restartDelayMs: 0,
    })) as any;
    expect(result).toMatchObject({ ok: true, changed: ["gateway.port"], restart: { required: true, keys: ["gateway.port"], delayMs: 0 } });
    expect(result.warnings[0].message).toContain("comments were dropped");
    await client.close();
    await gw.waitFor(`listening on ws://127.0.0.1:${newPort}`);
    const again = await connect(newPort);
    try {
      const after = (await again.request("config.get")) as { config: any; hash: string };
      expect(after.config.gateway.port).toBe(newPort);
      // A stale hash (the one from before the patch) is refused; the file keeps the token.
      const stale = await again.request("config.patch", { raw: '{"gateway":{"mode":"remote"}}', baseHash: snap.hash }).catch((e: unknown) => e);
      expect((stale as GatewayRequestError).message).toBe("config changed since last load; re-run config.get and retry");
      expect(JSON.parse(readFileSync(configPath, "utf8")).gateway).toEqual({ mode: "local", port: newPort, auth: { token: TOKEN } });
    } finally {
      await again.close();
    }
  });
});
