import type { Listener } from "./listener-types.js";

/** What kind of process holds a port, as far as its command line tells. */
export type ListenerKind = "gateway" | "ssh" | "unknown";

/** Names our gateway has had; old installs keep running under them. */
export const GATEWAY_NAMES = ["clawd", "clawdbot", "moltbot"] as const;

/**
 * Classifies a listener: a command line naming clawd (or its former names) and `gateway`
 * is our gateway; an ssh client is a tunnel; anything else is unknown.
 */
export function classifyListener(listener: Pick<Listener, "command" | "commandLine">): ListenerKind {
  const text = `${listener.commandLine ?? ""} ${listener.command}`.toLowerCase();
  if (GATEWAY_NAMES.some((name) => text.includes(name)) && text.includes("gateway")) return "gateway";
  const exe = (listener.command.split(/[\\/]/).pop() ?? "").toLowerCase();
  const argv0 = (listener.commandLine?.split(/\s+/)[0]?.split(/[\\/]/).pop() ?? "").toLowerCase();
  if (exe === "ssh" || exe === "ssh.exe" || argv0 === "ssh" || argv0 === "ssh.exe" || exe === "autossh") return "ssh";
  return "unknown";
}

/** One hint per kind present (plus one for several processes), each saying what to do. */
export function hintsFor(port: number, listeners: readonly Listener[]): string[] {
  const hints: string[] = [];
  const byKind = (kind: ListenerKind) => listeners.filter((l) => classifyListener(l) === kind);
  const gateways = byKind("gateway");
  if (gateways.length > 0) {
    const pids = [...new Set(gateways.map((l) => l.pid))].join(", ");
    hints.push(
      `A Clawd gateway (PID ${pids}) holds this port. Stop it where it runs (Ctrl+C in its terminal, kill ${pids}, or for an installed service: clawd [--profile <name>] gateway stop), or use --port <other>.`,
    );
  }
  if (byKind("ssh").length > 0) {
    hints.push("SSH tunnel already bound to this port. Close the tunnel, or use a different local port in -L.");
  }
  if (byKind("unknown").length > 0) {
    hints.push(`Another process is listening on port ${port}. Use --port <other> to pick another port, or --force to stop it.`);
  }
  if (new Set(listeners.map((l) => l.pid)).size > 1) {
    hints.push("Multiple processes listen on this port; ensure only one gateway or tunnel per port unless you run isolated profiles on purpose.");
  }
  return hints;
}
