// Starts gateway-child.mjs as a real process (with --expose-gc) and talks to it over IPC.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

const CHILD = fileURLToPath(new URL("./gateway-child.mjs", import.meta.url));
/** Longest wait for the child to start or answer. */
export const GATEWAY_PROCESS_TIMEOUT_MS = 15_000;

/** Forks a gateway on port 0; resolves once it listens, with IPC helpers. */
export function startGatewayProcess(transport, options = {}) {
  const child = fork(CHILD, [transport, JSON.stringify(options)], { execArgv: ["--expose-gc"], stdio: ["ignore", "pipe", "inherit", "ipc"] });
  let nextId = 0;
  const ask = (cmd) =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      const timer = setTimeout(() => reject(new Error(`gateway process did not answer ${cmd}`)), GATEWAY_PROCESS_TIMEOUT_MS);
      const onMessage = (msg) => {
        if (msg.id !== id) return;
        clearTimeout(timer);
        child.off("message", onMessage);
        resolve(msg);
      };
      child.on("message", onMessage);
      child.send({ id, cmd });
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("gateway process did not start")), GATEWAY_PROCESS_TIMEOUT_MS);
    let out = "";
    child.once("exit", (code) => reject(new Error(`gateway process exited with ${code} before listening`)));
    child.stdout.on("data", (d) => {
      out += d;
      if (!out.includes("\n")) return;
      clearTimeout(timer);
      const { port } = JSON.parse(out.split("\n")[0]);
      resolve({
        port,
        pid: child.pid,
        heapUsed: async () => (await ask("heap")).heapUsed,
        stats: async () => (await ask("stats")).stats,
        /** The process's user + system CPU so far, in µs. */
        cpuMicros: async () => (await ask("cpu")).cpuMicros,
        close: async () => {
          if (child.exitCode !== null) return;
          const exited = new Promise((r) => child.once("exit", r));
          await ask("close").catch(() => child.kill("SIGKILL"));
          await exited;
        },
      });
    });
  });
}
