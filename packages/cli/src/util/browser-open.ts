// Opening a URL in the user's browser where there is one: $BROWSER, else the platform's
// opener (open, xdg-open, start). A headless Linux box has none, and that is not an error.
import { spawn } from "node:child_process";
import type { WhichFn } from "./path-lookup.js";

/** How to launch a browser: the command and its arguments before the URL. */
export interface BrowserCommand {
  command: string;
  args: string[];
}

/** Picks the opener for this platform, or undefined when no browser can be shown (pure given `which`). */
export function browserCommand(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, which: WhichFn): BrowserCommand | undefined {
  const custom = env.BROWSER?.trim();
  if (custom && custom !== "none") return { command: custom, args: [] };
  if (custom === "none") return undefined;
  if (platform === "darwin") return { command: "open", args: [] };
  if (platform === "win32") return { command: "cmd", args: ["/c", "start", '""'] };
  // Linux and the BSDs: only with a display to show it on.
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return undefined;
  const opener = which("xdg-open");
  return opener ? { command: opener, args: [] } : undefined;
}

/** Starts the browser detached; resolves false when the command could not be started. */
export function launchBrowser(cmd: BrowserCommand, url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(cmd.command, [...cmd.args, url], { stdio: "ignore", detached: true });
    child.once("error", () => resolve(false));
    child.once("spawn", () => {
      child.unref();
      resolve(true);
    });
  });
}
