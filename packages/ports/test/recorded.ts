// Reads a recorded tool output from test/recorded/ (see the README there for how each was made).
import { readFileSync } from "node:fs";

/** The text of test/recorded/<name>. */
export function recorded(name: string): string {
  return readFileSync(new URL(`./recorded/${name}`, import.meta.url), "utf8");
}
