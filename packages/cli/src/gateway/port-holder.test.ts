import { describe, expect, it } from "vitest";
import { forceRerunHint, otherPortHint } from "./port-holder.js";

describe("forceRerunHint", () => {
  const base = { dev: false, reset: false, port: undefined, allowUnconfigured: false };

  it("is the bare command when nothing decides another port or profile", () => {
    expect(forceRerunHint(undefined, base)).toBe("clawd gateway --force");
  });

  it("keeps --port, --allow-unconfigured and the profile, so the rerun targets the same gateway", () => {
    expect(forceRerunHint("work", { ...base, port: 46027, allowUnconfigured: true })).toBe("clawd --profile work gateway --port 46027 --allow-unconfigured --force");
  });

  it("keeps --dev (and --reset), which pick the dev profile by themselves", () => {
    expect(forceRerunHint("dev", { ...base, dev: true, reset: true })).toBe("clawd gateway --dev --reset --force");
    expect(forceRerunHint("dev", { ...base, dev: true })).toBe("clawd gateway --dev --force");
  });

  it("the other-port hint keeps --dev and --allow-unconfigured, and asks for the new port", () => {
    expect(otherPortHint("work", { ...base, port: 46027, allowUnconfigured: true })).toBe("clawd --profile work gateway --port <port> --allow-unconfigured");
    expect(otherPortHint("dev", { ...base, dev: true, reset: true })).toBe("clawd gateway --dev --reset --port <port>");
  });
});
