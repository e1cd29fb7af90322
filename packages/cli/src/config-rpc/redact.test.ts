import JSON5 from "json5";
import { describe, expect, it } from "vitest";
import { REDACTED_PLACEHOLDER, redactConfig, redactConfigText, restoreRedacted } from "./redact.js";

const config = { gateway: { port: 1, auth: { mode: "token", token: "s3cret-token" }, remote: { password: "pw'x" } }, app: { apiKey: "k-123", keys: ["a"] } };

describe("redactConfig", () => {
  it("replaces every secret-named string and lists the secrets, leaving the input alone", () => {
    const { value, secrets } = redactConfig(config);
    expect(value).toEqual({
      gateway: { port: 1, auth: { mode: "token", token: REDACTED_PLACEHOLDER }, remote: { password: REDACTED_PLACEHOLDER } },
      app: { apiKey: REDACTED_PLACEHOLDER, keys: ["a"] },
    });
    expect(secrets.sort()).toEqual(["k-123", "pw'x", "s3cret-token"]);
    expect(config.gateway.auth.token).toBe("s3cret-token");
  });
});

describe("redactConfigText", () => {
  it("keeps comments and layout of a JSON5 file while hiding the secrets", () => {
    const text = `{\n  // my gateway\n  gateway: { port: 1, auth: { mode: 'token', token: 's3cret-token' }, remote: { password: "pw'x" } },\n  app: { apiKey: "k-123", keys: ['a'] },\n}\n`;
    const { value, secrets } = redactConfig(JSON5.parse(text));
    const out = redactConfigText(text, value, secrets);
    expect(out).toContain("// my gateway");
    for (const secret of secrets) expect(out).not.toContain(secret);
    expect(JSON5.parse(out)).toEqual(value);
  });

  it("hides secret-named values of a file that does not parse", () => {
    const out = redactConfigText(`{ "gateway": { "auth": { "token": "abc123" } ,, }`, undefined, []);
    expect(out).not.toContain("abc123");
    expect(out).toContain(`"token": "${REDACTED_PLACEHOLDER}"`);
  });

  it("prints the redacted object when a secret also appears inside another value", () => {
    const value = { gateway: { auth: { token: "abc" } }, note: "xabcx" };
    const redacted = redactConfig(value);
    const out = redactConfigText(JSON.stringify(value), redacted.value, redacted.secrets);
    expect(out).not.toContain('abc"');
    expect(JSON.parse(out)).toEqual(redacted.value);
  });
});

describe("restoreRedacted", () => {
  it("puts stored secrets back where the placeholder was sent", () => {
    const next = { gateway: { port: 2, auth: { mode: "token", token: REDACTED_PLACEHOLDER } } };
    expect(restoreRedacted(next, config)).toEqual({ value: { gateway: { port: 2, auth: { mode: "token", token: "s3cret-token" } } }, unresolved: [] });
  });

  it("reports a placeholder with nothing stored behind it, by path", () => {
    const result = restoreRedacted({ gateway: { auth: { password: REDACTED_PLACEHOLDER } } }, config);
    expect(result.unresolved).toEqual([{ path: "gateway.auth.password", message: expect.stringContaining("send the real value") }]);
  });
});
