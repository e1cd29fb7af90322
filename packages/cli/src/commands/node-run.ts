// `clawd node run`: a tiny headless node host. It connects as a node (this CLI's device
// identity, so the gateway pairs it like the original's node host), declares system.which and
// system.run, and answers invokes until Ctrl-C; it reconnects when the gateway restarts. Each
// system.run is reported with exec.denied / exec.finished, as the original's node host does.
import { execFile } from "node:child_process";
import { errorMessage } from "../cli-error.js";
import type { CommandRun } from "../context.js";
import { readString } from "../gateway/flags.js";
import { handleNodeCommand, NODE_HOST_COMMANDS, type RunResult } from "../rpc/node-host-commands.js";
import { createOutput } from "../output/output.js";
import { whichOnPath } from "../util/path-lookup.js";
import { resolvePaths } from "../config/paths.js";
import { rpcFailure, setupRpc } from "../rpc/rpc.js";
import { resolveRpcTarget } from "../rpc/rpc-target.js";
import { VERSION } from "../version.js";

/** system.run's time limit when the caller gives none. */
export const NODE_RUN_TIMEOUT_MS = 60_000;
/** Most output system.run keeps per stream. */
export const NODE_RUN_MAX_OUTPUT_BYTES = 1024 * 1024;

const onPath = whichOnPath(process.env);

function which(bin: string): string | undefined {
  return bin.includes("/") ? undefined : onPath(bin);
}

function run(argv: string[], options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number }): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      argv[0] as string,
      argv.slice(1),
      {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        timeout: options.timeoutMs ?? NODE_RUN_TIMEOUT_MS,
        maxBuffer: NODE_RUN_MAX_OUTPUT_BYTES,
      },
      (error, stdout, stderr) => {
        const failure = error as (NodeJS.ErrnoException & { killed?: boolean; code?: number | string }) | null;
        resolve({
          exitCode: failure ? (typeof failure.code === "number" ? failure.code : null) : 0,
          timedOut: Boolean(failure?.killed),
          stdout: String(stdout),
          stderr: failure && typeof failure.code === "string" ? `${stderr}${failure.message}` : String(stderr),
        });
      },
    );
  });
}

/** `clawd node run [--display-name] [--allow <program>…]`. */
export const runNode: CommandRun = async (ctx, _args, options) => {
  const setup = await setupRpc(ctx, options);
  const out = createOutput({ env: ctx.env });
  const target = resolveRpcTarget(setup.config, setup.flags, ctx.env, setup.configPath, setup);
  const allowRaw = options.allow;
  const allow = new Set((Array.isArray(allowRaw) ? allowRaw : allowRaw === undefined ? [] : [allowRaw]).map(String));
  const { connectGateway } = await import("@clawd/gateway-client");
  const { loadCliDevice } = await import("../rpc/device-identity-store.js");
  const device = await loadCliDevice(resolvePaths(ctx.profile, ctx.env).stateDir, ctx.profile);
  const token = target.token ?? (target.password ? undefined : device.token("node"));
  const displayName = readString(options, "displayName", "--display-name");
  let client: Awaited<ReturnType<typeof connectGateway>>;
  try {
    client = await connectGateway({
      url: target.url,
      clientName: "node-host",
      mode: "node",
      role: "node",
      clientVersion: VERSION,
      caps: ["system"],
      commands: [...NODE_HOST_COMMANDS],
      pathEnv: process.env.PATH ?? "",
      device: device.signer,
      onDeviceToken: (auth) => void device.saveToken(auth),
      reconnect: true,
      timeoutMs: setup.timeoutMs,
      ...(displayName ? { displayName } : {}),
      ...(token ? { token } : {}),
      ...(target.password ? { password: target.password } : {}),
      onReconnecting: ({ delayMs }) => out.warn(`gateway connection lost; reconnecting in ${delayMs} ms`),
    });
  } catch (err) {
    throw rpcFailure("Node host could not connect", err, target, ctx.profile);
  }
  client.on("node.invoke.request", (payload) => {
    const req = payload as { id: string; nodeId: string; command: string; paramsJSON: string | null };
    // exec.denied / exec.finished go to the gateway, which queues them for the run's session.
    const emit = (event: string, body: Record<string, unknown>) =>
      void client
        .request("node.event", { event, payloadJSON: JSON.stringify(body) })
        .catch((err: unknown) => out.warn(`could not send ${event}: ${errorMessage(err)}`));
    void handleNodeCommand(req.command, req.paramsJSON, { which, run, allow, emit }).then(async (outcome) => {
      const result = outcome.ok
        ? { id: req.id, nodeId: req.nodeId, ok: true, payloadJSON: JSON.stringify(outcome.payload) }
        : { id: req.id, nodeId: req.nodeId, ok: false, error: outcome.error };
      await client
        .request("node.invoke.result", result)
        .catch((err: unknown) => out.warn(`could not return the result of ${req.command}: ${errorMessage(err)}`));
    });
  });
  out.success(`node host connected to ${target.url} as ${device.signer.id}${allow.size > 0 ? `; system.run allows: ${[...allow].join(", ")}` : ""}`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  await client.close();
  return 0;
};
