// Dev mode restarts the gateway when its config file changes. Editors and `clawd config set`
// write a file in several steps (temp file, rename, chmod), so changes are debounced: one
// restart once the file has been quiet for DEV_RELOAD_DEBOUNCE_MS.
import { watch as fsWatch } from "node:fs";
import { basename, dirname } from "node:path";
import { errorMessage } from "../cli-error.js";
import type { Output } from "../output/output.js";

/** Quiet period after a config file change before dev mode restarts the server. */
export const DEV_RELOAD_DEBOUNCE_MS = 250;

/** The part of `fs.watch` this needs (tests pass a fake to drive events by hand). */
export type DirectoryWatch = (dir: string, listener: (event: string, name: string | Buffer | null) => void) => { close(): void; unref?(): unknown };

export interface ConfigWatcher {
  /** Stops watching and drops a change still waiting out the debounce. */
  close(): void;
}

export interface ConfigWatchOptions {
  debounceMs?: number;
  watch?: DirectoryWatch;
}

/**
 * Calls `onChange` once per burst of changes to `configPath` (the directory is watched, so a
 * rename over the file is seen; other files in it are ignored). Undefined, with a warning,
 * when the directory cannot be watched.
 */
export function watchConfigFile(
  configPath: string,
  onChange: () => void,
  out: Pick<Output, "debug" | "warn">,
  options: ConfigWatchOptions = {},
): ConfigWatcher | undefined {
  const file = basename(configPath);
  const debounceMs = options.debounceMs ?? DEV_RELOAD_DEBOUNCE_MS;
  const watch: DirectoryWatch = options.watch ?? fsWatch;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  try {
    const watcher = watch(dirname(configPath), (_event, name) => {
      if (closed || (name !== null && name.toString() !== file)) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        if (!closed) onChange();
      }, debounceMs);
    });
    watcher.unref?.();
    out.debug(`dev: watching ${configPath} for changes`);
    return {
      close() {
        closed = true;
        clearTimeout(timer);
        watcher.close();
      },
    };
  } catch (err) {
    out.warn(`dev: cannot watch ${configPath}: ${errorMessage(err)}`);
    return undefined;
  }
}
