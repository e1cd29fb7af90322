import { describe, expect, it } from "vitest";
import { CliError, EXIT_USAGE } from "../cli-error.js";
import { getAtKey, parseConfigValue, parseDottedKey, setAtKey, unsetAtKey } from "./dotted-key.js";

/** The usage error `fn` throws (exit code 2), as the lines the user reads. */
function usageError(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(CliError.isInstance(err)).toBe(true);
    expect((err as CliError).exitCode).toBe(EXIT_USAGE);
    return (err as CliError).lines;
  }
  throw new Error("expected a usage error, got none");
}

describe("parseDottedKey", () => {
  it("splits dotted names of letters, digits, _ and -", () => {
    expect(parseDottedKey("gateway.auth.token")).toEqual(["gateway", "auth", "token"]);
    expect(parseDottedKey("agents.defaults.model")).toEqual(["agents", "defaults", "model"]);
    expect(parseDottedKey("my_app.feature-2")).toEqual(["my_app", "feature-2"]);
    expect(parseDottedKey("port")).toEqual(["port"]);
  });

  it("refuses empty segments, spaces, brackets and other characters, with an example of a good key", () => {
    for (const bad of ["", ".", "gateway.", ".gateway", "gateway..port", "gateway port", "plugins[0]", "gateway.auth.$token", "ключ"]) {
      expect(
        usageError(() => parseDottedKey(bad)),
        bad,
      ).toEqual([`Invalid config key "${bad}".`, "Use dotted names such as gateway.port or gateway.auth.token."]);
    }
  });

  it("refuses the prototype-pollution names __proto__, constructor and prototype anywhere in the key", () => {
    for (const bad of ["__proto__", "__proto__.polluted", "gateway.__proto__.x", "constructor.prototype.polluted", "constructor", "agents.prototype"]) {
      expect(
        usageError(() => parseDottedKey(bad)),
        bad,
      ).toEqual([
        `Invalid config key "${bad}": __proto__, constructor and prototype cannot be config keys.`,
        "Use dotted names such as gateway.port or gateway.auth.token.",
      ]);
    }
  });
});

describe("getAtKey", () => {
  const config = { gateway: { port: 19001, auth: { token: "t" }, trustedProxies: ["10.0.0.1"] }, zero: 0, off: false, nothing: null };

  it("reads nested values, including falsy ones", () => {
    expect(getAtKey(config, ["gateway", "port"])).toBe(19001);
    expect(getAtKey(config, ["gateway", "auth"])).toEqual({ token: "t" });
    expect(getAtKey(config, ["zero"])).toBe(0);
    expect(getAtKey(config, ["off"])).toBe(false);
    expect(getAtKey(config, ["nothing"])).toBeNull();
  });

  it("is undefined for missing keys, for paths through scalars and lists, and for inherited properties", () => {
    expect(getAtKey(config, ["gateway", "bind"])).toBeUndefined();
    expect(getAtKey(config, ["gateway", "port", "x"])).toBeUndefined();
    expect(getAtKey(config, ["gateway", "trustedProxies", "0"])).toBeUndefined();
    expect(getAtKey(config, ["toString"])).toBeUndefined();
    expect(getAtKey(config, ["constructor"])).toBeUndefined();
  });
});

describe("setAtKey", () => {
  it("returns a new object with the value set, creating objects on the way, and leaves the input untouched", () => {
    const before = { gateway: { port: 1, auth: { token: "old" } }, other: { keep: true } };
    const snapshot = structuredClone(before);
    const after = setAtKey(before, ["gateway", "auth", "token"], "new");
    expect(after).toEqual({ gateway: { port: 1, auth: { token: "new" } }, other: { keep: true } });
    expect(before).toEqual(snapshot);
    expect(after.other).toBe(before.other); // untouched branches are shared, not copied
    expect(setAtKey({}, ["a", "b", "c"], 1)).toEqual({ a: { b: { c: 1 } } });
    // A name Object.prototype also has is an ordinary key here, not the inherited function.
    expect(setAtKey({}, ["toString", "x"], 1)).toEqual({ toString: { x: 1 } });
  });

  it("replaces a whole list or object at its own key", () => {
    expect(setAtKey({ gateway: { trustedProxies: ["a"] } }, ["gateway", "trustedProxies"], ["b", "c"])).toEqual({ gateway: { trustedProxies: ["b", "c"] } });
  });

  it("refuses to walk through a list or a scalar, naming the key and what it holds", () => {
    const config = { gateway: { trustedProxies: ["10.0.0.1"], port: 1, mode: "local", auth: null } };
    expect(usageError(() => setAtKey(config, ["gateway", "trustedProxies", "0"], "x"))).toEqual([
      'Cannot set "gateway.trustedProxies.0": "trustedProxies" holds a list, not an object.',
      // (the whole key the user typed, not the part below the first level)
    ]);
    expect(usageError(() => setAtKey(config, ["gateway", "port", "x"], 1))).toEqual(['Cannot set "gateway.port.x": "port" holds a number, not an object.']);
    expect(usageError(() => setAtKey(config, ["gateway", "mode", "x"], 1))).toEqual(['Cannot set "gateway.mode.x": "mode" holds a string, not an object.']);
    expect(usageError(() => setAtKey(config, ["gateway", "auth", "token"], "t"))).toEqual([
      'Cannot set "gateway.auth.token": "auth" holds null, not an object.',
    ]);
  });

  it("a JSON value with a __proto__ key stays data: nothing reaches Object.prototype", () => {
    const value = parseConfigValue('{"__proto__": {"polluted": true}, "ok": 1}');
    const config = setAtKey({}, ["agents"], value);
    const roundTrip = JSON.parse(JSON.stringify(config)) as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(roundTrip.agents)).toBe(Object.prototype);
    expect(setAtKey(roundTrip, ["agents", "ok"], 2)).toMatchObject({ agents: { ok: 2 } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("unsetAtKey", () => {
  it("removes the key and every parent it leaves empty; the input is untouched", () => {
    const before = { gateway: { auth: { token: "t" } }, agents: { defaults: { model: "m" } } };
    const result = unsetAtKey(before, ["gateway", "auth", "token"]);
    expect(result).toEqual({ removed: true, value: { agents: { defaults: { model: "m" } } } });
    expect(before.gateway.auth.token).toBe("t");
    expect(unsetAtKey({ gateway: { auth: { token: "t", mode: "token" } } }, ["gateway", "auth", "token"]).value).toEqual({
      gateway: { auth: { mode: "token" } },
    });
  });

  it("reports removed: false (and returns the same object) for a missing key or a path through a scalar or list", () => {
    const config = { gateway: { port: 1, trustedProxies: ["a"] } };
    for (const parts of [["gateway", "bind"], ["nope", "x"], ["gateway", "port", "x"], ["gateway", "trustedProxies", "0"], ["toString"]]) {
      const result = unsetAtKey(config, parts);
      expect(result.removed, parts.join(".")).toBe(false);
      expect(result.value).toBe(config);
    }
  });
});

describe("parseConfigValue", () => {
  it("reads JSON (numbers, booleans, null, lists, objects, quoted strings) and keeps anything else as the text typed", () => {
    expect(parseConfigValue("19001")).toBe(19001);
    expect(parseConfigValue("true")).toBe(true);
    expect(parseConfigValue("null")).toBeNull();
    expect(parseConfigValue('["a","b"]')).toEqual(["a", "b"]);
    expect(parseConfigValue('{"mode":"token"}')).toEqual({ mode: "token" });
    expect(parseConfigValue('"0123"')).toBe("0123");
    expect(parseConfigValue("local")).toBe("local");
    expect(parseConfigValue("ws://127.0.0.1:1")).toBe("ws://127.0.0.1:1");
    expect(parseConfigValue("{oops")).toBe("{oops");
  });

  it("a token of digits written without quotes becomes a number (the schema then refuses it for a secret)", () => {
    expect(parseConfigValue("0123")).toBe("0123"); // not JSON (leading zero): kept as typed
    expect(parseConfigValue("123")).toBe(123);
  });
});
