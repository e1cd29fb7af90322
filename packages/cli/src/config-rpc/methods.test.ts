import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GatewayMethodError, type MethodHandler } from "@clawd/gateway-server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { registerConfigMethods } from "./methods.js";
import { REDACTED_PLACEHOLDER } from "./redact.js";

let dir: string;
let configPath: string;
let handlers: Map<string, MethodHandler>;
let restarts: Array<{ reason: string; delayMs: number }>;

const call = async (method: string, params: unknown = {}): Promise<any> => (handlers.get(method) as MethodHandler)(params, {} as never);
const failure = async (method: string, params: unknown): Promise<GatewayMethodError> => {
  try {
    await call(method, params);
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayMethodError);
    return error as GatewayMethodError;
  }
  throw new Error(`${method} succeeded`);
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "clawd-config-rpc-"));
  configPath = join(dir, "clawd.json");
  handlers = new Map();
  restarts = [];
  registerConfigMethods(
    (name, handler, options) => {
      expect(options.scope).toBe("admin");
      handlers.set(name, handler);
    },
    { configPath, version: "9.9.9", scheduleRestart: (reason, delayMs) => restarts.push({ reason, delayMs }) },
  );
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("config.get", () => {
  it("returns the original's snapshot shape with secrets redacted and a hash of the stored file", async () => {
    const text = '{"gateway":{"port":18789,"auth":{"mode":"token","token":"tok-1234567890"}}}';
    writeFileSync(configPath, text);
    const snap = await call("config.get");
    expect(Object.keys(snap).sort()).toEqual(["config", "exists", "hash", "issues", "legacyIssues", "parsed", "path", "raw", "valid", "warnings"]);
    expect(snap).toMatchObject({ path: configPath, exists: true, valid: true, issues: [] });
    expect(snap.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(snap)).not.toContain("tok-1234567890");
    expect(snap.config.gateway.auth.token).toBe(REDACTED_PLACEHOLDER);
  });

  it("reads JSON5 and says a write will drop its comments", async () => {
    writeFileSync(configPath, "{\n  // port for the gateway\n  gateway: { port: 18789, },\n}\n");
    const snap = await call("config.get");
    expect(snap).toMatchObject({ valid: true, config: { gateway: { port: 18789 } } });
    expect(snap.raw).toContain("// port for the gateway");
    expect(snap.warnings[0].message).toContain("drops its comments");
  });

  it("reports an invalid file with each issue's path", async () => {
    writeFileSync(configPath, '{"gateway":{"port":0,"bind":"wan"}}');
    const snap = await call("config.get");
    expect(snap.valid).toBe(false);
    expect(snap.issues.map((i: { path: string }) => i.path).sort()).toEqual(["gateway.bind", "gateway.port"]);
  });

  it("refuses unknown params, and a write without raw", async () => {
    expect((await failure("config.get", { x: 1 })).message).toBe("invalid config.get params: at /x: unexpected property");
    expect((await failure("config.set", { baseHash: "h" })).message).toBe("invalid config.set params: at /raw: required");
    expect((await failure("config.apply", { raw: "{}", restartDelayMs: -1 })).message).toBe("invalid config.apply params: at /restartDelayMs: must be ≥ 0");
  });
});

describe("base hash", () => {
  beforeEach(() => writeFileSync(configPath, '{"gateway":{"port":18789}}'));

  it("a write without the base hash is refused and the file is untouched", async () => {
    const error = await failure("config.set", { raw: '{"gateway":{"port":1234}}' });
    expect(error.message).toBe("config base hash required; re-run config.get and retry");
    expect(readFileSync(configPath, "utf8")).toBe('{"gateway":{"port":18789}}');
  });

  it("the second of two writes from the same base is refused as stale (no lost update)", async () => {
    const { hash } = await call("config.get");
    const first = await call("config.patch", { raw: '{"agents":{"defaults":{"model":"a"}}}', baseHash: hash });
    expect(first.ok).toBe(true);
    const error = await failure("config.patch", { raw: '{"agents":{"defaults":{"workspace":"/w"}}}', baseHash: hash });
    expect(error.message).toBe("config changed since last load; re-run config.get and retry");
    expect(error.details).toEqual({ reason: "stale-base-hash" });
    expect(JSON.parse(readFileSync(configPath, "utf8")).agents.defaults).toEqual({ model: "a" });
    // The hash a write returns is the next base.
    expect((await call("config.get")).hash).toBe(first.hash);
    expect((await call("config.patch", { raw: '{"agents":{"defaults":{"workspace":"/w"}}}', baseHash: first.hash })).ok).toBe(true);
  });

  it("an edit made outside the gateway (the CLI) makes the hash stale", async () => {
    const { hash } = await call("config.get");
    writeFileSync(configPath, '{"gateway":{"port":18790}}');
    expect((await failure("config.apply", { raw: '{"gateway":{"port":1}}', baseHash: hash })).message).toMatch(/config changed since last load/);
  });

  it("concurrent writes with the same base: exactly one wins", async () => {
    const { hash } = await call("config.get");
    const results = await Promise.allSettled(
      [1001, 1002, 1003].map((port) => call("config.set", { raw: JSON.stringify({ gateway: { port } }), baseHash: hash })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(2);
  });

  it("no base hash is needed while no file exists", async () => {
    rmSync(configPath);
    expect((await call("config.set", { raw: '{"gateway":{"mode":"local"}}' })).ok).toBe(true);
  });
});

describe("writes", () => {
  it("refuse an invalid config naming each issue's path, keep the file", async () => {
    writeFileSync(configPath, '{"gateway":{"port":18789}}');
    const { hash } = await call("config.get");
    const error = await failure("config.apply", { raw: '{"gateway":{"port":"x","auth":{"tokne":"a"}}}', baseHash: hash });
    expect(error.message).toMatch(/^invalid config: /);
    expect((error.details as any).issues.map((i: { path: string }) => i.path).sort()).toEqual(["gateway.auth.tokne", "gateway.port"]);
    expect(readFileSync(configPath, "utf8")).toBe('{"gateway":{"port":18789}}');
  });

  it("keep a redacted secret sent back as the placeholder, write 0600 with a .bak, and schedule a restart for auth/port", async () => {
    writeFileSync(configPath, '{"gateway":{"port":18789,"auth":{"mode":"token","token":"tok-abc-123"}}}');
    const snap = await call("config.get");
    const edited = { ...snap.parsed, gateway: { ...snap.parsed.gateway, port: 18800 } };
    const result = await call("config.set", { raw: JSON.stringify(edited), baseHash: snap.hash });
    expect(result).toMatchObject({ ok: true, path: configPath, changed: ["gateway.port"], restart: { required: true, keys: ["gateway.port"], delayMs: 2000 } });
    expect(JSON.stringify(result)).not.toContain("tok-abc-123");
    expect(JSON.parse(readFileSync(configPath, "utf8")).gateway).toEqual({ port: 18800, auth: { mode: "token", token: "tok-abc-123" } });
    expect(statSync(configPath).mode & 0o777).toBe(0o600);
    expect(readFileSync(`${configPath}.bak`, "utf8")).toContain("18789");
    expect(restarts).toEqual([{ reason: "config.set", delayMs: 2000 }]);
  });

  it("apply without restart-relevant changes restarts nothing; restartDelayMs is honoured and capped", async () => {
    const first = await call("config.apply", { raw: '{"agents":{"defaults":{"model":"m"}}}' });
    expect(first.restart).toEqual({ ok: true, required: false, keys: [] });
    expect(restarts).toEqual([]);
    await call("config.apply", { raw: '{"gateway":{"bind":"loopback"}}', baseHash: first.hash, restartDelayMs: 999_999 });
    expect(restarts).toEqual([{ reason: "config.apply", delayMs: 60_000 }]);
  });

  it("refuse a placeholder with no stored secret and a patch that is not an object", async () => {
    writeFileSync(configPath, "{}");
    const { hash } = await call("config.get");
    const error = await failure("config.set", { raw: JSON.stringify({ gateway: { auth: { token: REDACTED_PLACEHOLDER } } }), baseHash: hash });
    expect((error.details as any).issues[0].path).toBe("gateway.auth.token");
    expect((await failure("config.patch", { raw: "[1]", baseHash: hash })).message).toBe("config.patch raw must be an object");
    expect((await failure("config.set", { raw: "{oops", baseHash: hash })).message).toMatch(/^raw is not valid JSON or JSON5 at line 1/);
  });

  it("patch deletes with null and says a JSON5 file lost its comments", async () => {
    writeFileSync(configPath, "{ // note\n gateway: { port: 1, mode: 'local' } }");
    const { hash } = await call("config.get");
    const result = await call("config.patch", { raw: '{"gateway":{"mode":null}}', baseHash: hash });
    expect(result.warnings[0].message).toContain("comments were dropped");
    expect(JSON.parse(readFileSync(configPath, "utf8"))).toEqual({ gateway: { port: 1 } });
  });
});

describe("config.schema", () => {
  it("is the JSON Schema derived from the valibot schema, with hints", async () => {
    const res = await call("config.schema");
    expect(res.version).toBe("9.9.9");
    expect(new Date(res.generatedAt).toString()).not.toBe("Invalid Date");
    expect(res.schema.properties.gateway.properties.port).toEqual({ type: "integer", minimum: 1, maximum: 65535 });
    expect(res.schema.properties.gateway.properties.auth.additionalProperties).toBe(false);
    expect(res.uiHints["gateway.auth.token"]).toMatchObject({ sensitive: true });
  });
});
