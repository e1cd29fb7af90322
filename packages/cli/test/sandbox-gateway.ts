// A real `clawd gateway` process in a fresh sandbox, on an OS-picked port, with a given config.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { getFreePort } from "@clawd/test-kit/ports";
import { type CliProcess, createSandbox, type Sandbox, startCli } from "./cli-process.js";

/** The sandbox, the gateway process and the port it listens on. */
export interface SandboxGateway {
  box: Sandbox;
  gw: CliProcess;
  port: number;
}

/** Writes `config` as the sandbox's clawd.json and starts `clawd gateway --port <free>`, resolving once it printed `ready`; on failure nothing is left behind. */
export async function startSandboxGateway(config: unknown, ready: string | RegExp = "transport:"): Promise<SandboxGateway> {
  const box = createSandbox();
  let gw: CliProcess | undefined;
  try {
    mkdirSync(box.state, { recursive: true });
    writeFileSync(join(box.state, "clawd.json"), JSON.stringify(config));
    const port = await getFreePort();
    gw = startCli(["gateway", "--port", String(port)], box.env());
    await gw.waitFor(ready);
    return { box, gw, port };
  } catch (error) {
    gw?.child.kill("SIGKILL");
    await gw?.exited;
    box.cleanup();
    throw error;
  }
}
