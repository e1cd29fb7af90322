// Forked benchmark processes and a tiny request/reply protocol over their IPC channel.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

/** How long to wait for any reply from a child before calling the run broken, in ms. */
export const CHILD_REPLY_TIMEOUT_MS = 120_000;

/** A forked process we talk to with `{cmd, …}` messages; replies carry `type`. */
export class Child {
  #queue = [];
  #waiters = [];
  #exited = null;

  constructor(script, args = [], execArgv = []) {
    this.proc = fork(fileURLToPath(new URL(script, import.meta.url)), args, {
      execArgv,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      serialization: "advanced",
    });
    this.proc.on("message", (msg) => {
      const i = this.#waiters.findIndex((w) => w.type === msg.type || msg.type === "error");
      if (i >= 0) {
        const [w] = this.#waiters.splice(i, 1);
        clearTimeout(w.timer);
        if (msg.type === "error") w.reject(new Error(`${script}: ${msg.message}`));
        else w.resolve(msg);
      } else this.#queue.push(msg);
    });
    this.proc.on("exit", (code, signal) => {
      this.#exited = { code, signal };
      for (const w of this.#waiters.splice(0)) {
        clearTimeout(w.timer);
        w.reject(new Error(`${script} exited (${code ?? signal}) while we waited for "${w.type}"`));
      }
    });
    // A child that already exited makes a later send fail with EPIPE; exit handling covers it.
    this.proc.on("error", () => {});
    this.script = script;
  }

  /** Sends a command and resolves with the next reply of type `replyType`. */
  request(cmd, replyType, timeoutMs = CHILD_REPLY_TIMEOUT_MS) {
    const reply = this.next(replyType, timeoutMs);
    this.proc.send(cmd);
    return reply;
  }

  /** Resolves with the next message of `type` (already queued or still to come). */
  next(type, timeoutMs = CHILD_REPLY_TIMEOUT_MS) {
    const i = this.#queue.findIndex((m) => m.type === type || m.type === "error");
    if (i >= 0) {
      const [msg] = this.#queue.splice(i, 1);
      return msg.type === "error" ? Promise.reject(new Error(`${this.script}: ${msg.message}`)) : Promise.resolve(msg);
    }
    if (this.#exited) return Promise.reject(new Error(`${this.script} already exited (${this.#exited.code ?? this.#exited.signal})`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w.timer !== timer);
        reject(new Error(`${this.script}: no "${type}" reply within ${timeoutMs}ms`));
      }, timeoutMs);
      this.#waiters.push({ type, resolve, reject, timer });
    });
  }

  /** Asks the child to exit, and kills it if it does not within 5 s. */
  async stop() {
    if (this.#exited) return;
    const exited = new Promise((resolve) => this.proc.once("exit", resolve));
    if (this.proc.connected) this.proc.send({ cmd: "exit" }, () => {});
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

/** In a child: answers each command with `handler(cmd)`'s reply (or an error reply). */
export function serveCommands(handler) {
  process.on("message", async (cmd) => {
    if (cmd.cmd === "exit") {
      await handler(cmd).catch(() => {});
      process.exit(0);
    }
    try {
      const reply = await handler(cmd);
      if (reply) process.send(reply);
    } catch (error) {
      process.send({ type: "error", message: error?.stack ?? String(error) });
    }
  });
}
