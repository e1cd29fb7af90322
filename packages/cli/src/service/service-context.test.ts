import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { ServiceError } from "@clawd/daemon";
import { describe, expect, it } from "vitest";
import { CliError } from "../cli-error.js";
import { asCliError } from "./service-context.js";

/** Another copy of @clawd/daemon, as a platform package that resolved its own would throw from. */
async function secondDaemonCopy(): Promise<typeof import("@clawd/daemon")> {
  const entry = createRequire(import.meta.url).resolve("@clawd/daemon");
  return import(/* @vite-ignore */ `${pathToFileURL(entry).href}?second-copy`);
}

describe("asCliError", () => {
  it("turns a ServiceError from another copy of @clawd/daemon into the CLI's error, hints kept", async () => {
    const copy = await secondDaemonCopy();
    const foreign = new copy.ServiceError("Gateway service not installed.", ["Install it with: clawd --profile work gateway install"]);
    expect(foreign instanceof ServiceError).toBe(false);
    let thrown: unknown;
    try {
      asCliError(foreign);
    } catch (err) {
      thrown = err;
    }
    expect(CliError.isInstance(thrown)).toBe(true);
    expect((thrown as CliError).lines).toEqual(["Gateway service not installed.", "Install it with: clawd --profile work gateway install"]);
  });

  it("rethrows anything else unchanged, including an Error that only borrows the name", () => {
    const lookAlike = Object.assign(new Error("EACCES: permission denied"), { name: "ServiceError" });
    expect(() => asCliError(lookAlike)).toThrow(lookAlike);
    const other = new Error("boom");
    expect(() => asCliError(other)).toThrow(other);
  });
});
