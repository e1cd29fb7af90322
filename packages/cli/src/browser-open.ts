// Opening a URL in the user's browser where there is one: $BROWSER, else the platform's
// opener (open, xdg-open, start). A headless Linux box has none, and that is not an error.
import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** How to launch a browser: the command and its arguments before the URL. */
export interface BrowserCommand {
  command: string;
  args: string[];
}

/** Finds an executable on PATH (injectable for tests). */
export type WhichFn = (name: string) => string | undefined;

/** Looks `name` up on PATH. */
export function whichOnPath(env: NodeJS.ProcessEnv): WhichFn {
  return (name) => {
    for (const dir of (env.PATH ?? "").split(delimiter)) {
      if (!dir) continue;
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
    return undefined;
  };
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
