import { describe, expect, it } from "vitest";
import { UPGRADE_HEADER_TIMEOUT_MS, UWS_MAX_HEADER_BYTES } from "./limits.js";
import { applyUwsHeaderDeadline, checkUwsHeaderLimit, raiseUwsHeaderLimit, UWS_HEADER_SIZE_ENV, uwsHeaderLimitBytes } from "./uws-http-phase.js";
import { loadUws } from "./uws-loader.js";

describe("raiseUwsHeaderLimit", () => {
  it("sets uWS's head limit to UWS_MAX_HEADER_BYTES when the user set none", () => {
    const env: NodeJS.ProcessEnv = {};
    raiseUwsHeaderLimit(env);
    expect(env[UWS_HEADER_SIZE_ENV]).toBe(String(UWS_MAX_HEADER_BYTES));
    const empty: NodeJS.ProcessEnv = { [UWS_HEADER_SIZE_ENV]: "" };
    raiseUwsHeaderLimit(empty);
    expect(empty[UWS_HEADER_SIZE_ENV]).toBe(String(UWS_MAX_HEADER_BYTES));
  });

  it("keeps a value the user set", () => {
    const env: NodeJS.ProcessEnv = { [UWS_HEADER_SIZE_ENV]: "8192" };
    raiseUwsHeaderLimit(env);
    expect(env[UWS_HEADER_SIZE_ENV]).toBe("8192");
  });

  it("has run in this process once the loader ran (uWS reads it as the binary loads)", () => {
    loadUws();
    expect(uwsHeaderLimitBytes()).toEqual({ ok: true, bytes: Number(process.env[UWS_HEADER_SIZE_ENV]) });
    expect(process.env[UWS_HEADER_SIZE_ENV]).toBeDefined();
  });
});

describe("checkUwsHeaderLimit", () => {
  it("accepts heads up to uWS's limit", () => {
    expect(checkUwsHeaderLimit(16 * 1024, {})).toBeNull();
    expect(checkUwsHeaderLimit(UWS_MAX_HEADER_BYTES, {})).toBeNull();
    expect(checkUwsHeaderLimit(20_000, { [UWS_HEADER_SIZE_ENV]: "20000" })).toBeNull();
  });

  it("refuses a maxUpgradeHeaderBytes above uWS's limit, naming both fixes", () => {
    expect(checkUwsHeaderLimit(100_000, {})).toBe(
      `invalid option maxUpgradeHeaderBytes: 100000 is above uWebSockets.js's own request-head limit of ${UWS_MAX_HEADER_BYTES} bytes; lower it, or set UWS_HTTP_MAX_HEADERS_SIZE=100000 in the environment before the gateway starts`,
    );
    expect(checkUwsHeaderLimit(16 * 1024, { [UWS_HEADER_SIZE_ENV]: "8192" })).toContain("limit of 8192 bytes");
  });

  it.each(["abc", "-5", "0", "1e5", "12kb"])("refuses UWS_HTTP_MAX_HEADERS_SIZE=%s with what it must be", (raw) => {
    expect(checkUwsHeaderLimit(1024, { [UWS_HEADER_SIZE_ENV]: raw })).toBe(
      `invalid UWS_HTTP_MAX_HEADERS_SIZE=${JSON.stringify(raw)}: a positive number of bytes (unset, it is ${UWS_MAX_HEADER_BYTES})`,
    );
  });
});

const loaded = loadUws();

describe("applyUwsHeaderDeadline on the uWS build that loads here", () => {
  it.skipIf(!loaded.ok)("sets the deadline where the build has setters (v20.5x), else reports it built in (v20.30) (skipped when no uWS binding loads)", () => {
    if (!loaded.ok) return;
    const app = loaded.module.App();
    const result = applyUwsHeaderDeadline(app, UPGRADE_HEADER_TIMEOUT_MS);
    if (typeof app.setIdleTimeout === "function") {
      expect(result).toBe("set");
      expect(app.getIdleTimeout()).toBe(UPGRADE_HEADER_TIMEOUT_MS / 1000);
      expect(app.getResponseTimeout()).toBe(UPGRADE_HEADER_TIMEOUT_MS / 1000);
    } else {
      expect(result).toBe("built-in");
    }
    app.close?.();
  });
});
