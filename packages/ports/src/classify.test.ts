import { describe, expect, it } from "vitest";
import { classifyListener, hintsFor } from "./classify.js";
import type { Listener } from "./listener-types.js";
import { explainScan } from "./explain.js";

const node = (pid: number, commandLine: string, extra: Partial<Listener> = {}): Listener => ({
  pid,
  command: "node",
  commandLine,
  address: "127.0.0.1",
  port: 18789,
  family: "IPv4",
  ...extra,
});

describe("classifyListener", () => {
  it("recognizes our gateway under its current and former names, started any way", () => {
    expect(classifyListener(node(1, "node /usr/lib/node_modules/@clawd/cli/dist/cli.js gateway --port 18789"))).toBe("gateway");
    expect(classifyListener(node(1, "clawdbot gateway"))).toBe("gateway");
    expect(classifyListener(node(1, "moltbot-gateway"))).toBe("gateway");
    expect(classifyListener({ command: "node.exe", commandLine: '"C:\\nodejs\\node.exe" C:\\npm\\@clawd\\cli\\dist\\cli.js gateway' })).toBe("gateway");
  });

  it("does not call clawd without gateway (or gateway without clawd) our gateway", () => {
    expect(classifyListener(node(1, "node clawd-ports 18789"))).toBe("unknown");
    expect(classifyListener(node(1, "node my-api-gateway.js"))).toBe("unknown");
  });

  it("recognizes ssh tunnels by executable, not by a substring of any argument", () => {
    expect(classifyListener({ command: "ssh", commandLine: "ssh -N -L 18789:127.0.0.1:18789 host" })).toBe("ssh");
    expect(classifyListener({ command: "ssh.exe" })).toBe("ssh");
    expect(classifyListener({ command: "autossh", commandLine: "autossh -M 0 -L 1:2:3 h" })).toBe("ssh");
    expect(classifyListener(node(1, "node sshd-dashboard.js"))).toBe("unknown");
  });
});

describe("hintsFor / explainScan", () => {
  it("gives one hint per kind and a multiple-listeners hint", () => {
    const hints = hintsFor(18789, [
      node(10, "node cli.js clawd gateway"),
      { pid: 11, command: "ssh", commandLine: "ssh -L 18789:localhost:18789 box", address: "::1", port: 18789, family: "IPv6" },
      node(12, "python -m http.server 18789"),
    ]);
    expect(hints).toEqual([
      "A Clawd gateway (PID 10) holds this port. Stop it where it runs (Ctrl+C in its terminal, kill 10, or for an installed service: clawd [--profile <name>] gateway stop), or use --port <other>.",
      "SSH tunnel already bound to this port. Close the tunnel, or use a different local port in -L.",
      "Another process is listening on port 18789. Use --port <other> to pick another port, or --force to stop it.",
      "Multiple processes listen on this port; ensure only one gateway or tunnel per port unless you run isolated profiles on purpose.",
    ]);
  });

  it("prints one line per process with all of its addresses", () => {
    const e = explainScan(
      18789,
      {
        listeners: [
          node(10, "node cli.js clawd gateway", { user: "alice" }),
          node(10, "node cli.js clawd gateway", { user: "alice", address: "::1", family: "IPv6" }),
        ],
        hidden: [],
      },
      true,
    );
    expect(e.status).toBe("busy");
    expect(e.text.split("\n")).toEqual([
      "Port 18789 is already in use.",
      "- pid 10 alice: node cli.js clawd gateway (127.0.0.1:18789, [::1]:18789)",
      "- A Clawd gateway (PID 10) holds this port. Stop it where it runs (Ctrl+C in its terminal, kill 10, or for an installed service: clawd [--profile <name>] gateway stop), or use --port <other>.",
    ]);
  });

  it("explains a socket whose process is another user's", () => {
    const e = explainScan(8080, { listeners: [], hidden: [{ address: "0.0.0.0", port: 8080, family: "IPv4", uid: 65534, user: "nobody" }] }, true);
    expect(e.status).toBe("busy");
    expect(e.text).toContain("- pid ? nobody: not visible (0.0.0.0:8080)");
    expect(e.hints.at(-1)).toMatch(/process of nobody .* run with sudo/);
  });

  it("says free, busy-without-details and unknown plainly", () => {
    expect(explainScan(1, { listeners: [], hidden: [] }, false).text).toBe("Port 1 is free.");
    const busy = explainScan(2, { listeners: [], hidden: [] }, true);
    expect(busy.hints).toEqual(["Port is in use but process details are unavailable (run as an administrator to see them)."]);
    const unknown = explainScan(3, { listeners: [], hidden: [] }, "unknown", ["lsof is not installed"]);
    expect(unknown.status).toBe("unknown");
    expect(unknown.text).toContain("lsof is not installed");
    expect(unknown.errors).toEqual(["lsof is not installed"]);
  });
});
