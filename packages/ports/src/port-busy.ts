import { isPortFree } from "./port-free.js";
import { readListeningSockets } from "./procfs.js";

/** Answers "does anything still listen on this port?" as cheaply as the platform allows. */
export type BusyCheck = (port: number) => Promise<boolean>;

/**
 * The check freePort polls while it waits. On Linux it reads only the two socket tables
 * (no fd scan, well under a millisecond); elsewhere it uses the bind probe, never a
 * spawned tool, so polling every few milliseconds stays cheap.
 */
export function busyCheckFor(platform: NodeJS.Platform, procRoot?: string): BusyCheck {
  if (platform === "linux" || platform === "android") {
    return async (port) => readListeningSockets(port, procRoot).length > 0;
  }
  return async (port) => !(await isPortFree(port));
}
