import { describe, expect, it } from "vitest";
import { closestName, didYouMean } from "./did-you-mean.js";

describe("closestName", () => {
  it("finds typos and prefixes, not different words", () => {
    const commands = ["gateway", "devices", "nodes", "node", "onboard", "doctor", "logs", "config"];
    expect(closestName("gatway", commands)).toBe("gateway");
    expect(closestName("docter", commands)).toBe("doctor");
    expect(closestName("conf", commands)).toBe("config");
    expect(closestName("log", commands)).toBe("logs");
    expect(closestName("banana", commands)).toBeUndefined();
    expect(closestName("--urll", ["--url", "--port", "--token"])).toBe("--url");
    expect(closestName("--follw", ["--follow", "--limit"])).toBe("--follow");
    expect(closestName("--x", ["--url"])).toBeUndefined();
    expect(closestName("--prot", ["--port", "--profile"])).toBe("--port");
  });
  it("words the hint", () => {
    expect(didYouMean("helth", ["health", "call"], (n) => `clawd gateway ${n}`)).toEqual(['Did you mean "clawd gateway health"?']);
    expect(didYouMean("zzz", ["health"])).toEqual([]);
  });
});
