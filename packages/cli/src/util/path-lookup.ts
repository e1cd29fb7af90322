// Finding an executable on PATH, as a shell would, without running anything.
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** Finds an executable on PATH (injectable for tests). */
export type WhichFn = (name: string) => string | undefined;

/** Looks `name` up on `env.PATH` (read at each call; empty entries skipped), so callers learn whether a tool exists before spawning it. */
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
