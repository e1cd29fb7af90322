// The health wait after a restart, against real processes answering /healthz on a real port.
import { type ChildProcess, spawn } from "node:child_process";
import { getFreePort } from "@clawd/test-kit/ports";
import { afterEach, describe, expect, it } from "vitest";
import { listenerPids, waitForGatewayHealthy } from "./service-wait.js";

const HEALTHZ_SERVER = `
const http = require("node:http");
http.createServer((req, res) => res.end(JSON.stringify({ ok: true, transport: "ws" })))
  .listen(Number(process.argv[1]), "127.0.0.1", () => process.stdout.write("listening\\n"));
`;

const children: ChildProcess[] = [];

/** A process that answers /healthz like our gateway; resolves once it listens. */
function gateway(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["-e", HEALTHZ_SERVER, String(port)], { stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.once("data", () => resolve(child));
    child.once("exit", (code) => reject(new Error(`healthz server exited with ${code}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once("exit", resolve)));

afterEach(async () => {
  for (const child of children.splice(0)) {
    child.kill("SIGKILL");
    await exited(child);
  }
});

describe("waitForGatewayHealthy after a restart", () => {
  it("does not take the old process's answer for the new gateway", async () => {
    const port = await getFreePort();
    const old = await gateway(port);
    const oldPids = await listenerPids(port);
    expect(oldPids).toEqual([old.pid]);
    expect((await waitForGatewayHealthy(port, 600, oldPids)).ok).toBe(false);
    // Without the pid check the old answer passes (what the restart used to accept).
    expect((await waitForGatewayHealthy(port, 600)).ok).toBe(true);
  });

  it("accepts the gateway that replaced it", async () => {
    const port = await getFreePort();
    const old = await gateway(port);
    const oldPids = await listenerPids(port);
    old.kill("SIGKILL");
    await exited(old);
    const next = await gateway(port);
    const result = await waitForGatewayHealthy(port, 5_000, oldPids);
    expect(result.ok).toBe(true);
    expect(await listenerPids(port)).toEqual([next.pid]);
  });
});
