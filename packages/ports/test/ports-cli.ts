// Runs the built `clawd-ports` bin as a real child process and collects what it printed.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

/** What one run of the bin printed, and how it exited. */
export interface PortsCliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `clawd-ports …args` to completion, so tests assert on real output and exit codes. */
export function runPortsCli(...args: string[]): Promise<PortsCliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}
