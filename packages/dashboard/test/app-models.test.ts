// The page's pure parts: secrets in the fragment, connect failures, the event feed, log lines, config issues.
import { describe, expect, it } from "vitest";
import { checkConfigText, describeSaved, editableText, issueLines } from "../app/config-edit.js";
import { classifyConnectFailure, describeConnectFailure } from "../app/connect-failure.js";
import { formatDuration } from "../app/duration.js";
import { filterFeed, pushEntry, toFeedEntry, EVENT_TEXT_MAX_CHARS } from "../app/event-feed.js";
import { gatewayUrlFor } from "../app/gateway-link.js";
import { filterByLevel, parseLogLine } from "../app/log-lines.js";
import { parseFragmentSecret, stripFragmentSecret } from "../app/secret.js";
import { acceptsGzip, dashboardUrl } from "../src/index.js";

describe("fragment secret", () => {
  it("reads a token or password and strips only it", () => {
    expect(parseFragmentSecret("#token=a%2Bb%3D")).toEqual({ kind: "token", value: "a+b=" });
    expect(parseFragmentSecret("#password=pw&x=1")).toEqual({ kind: "password", value: "pw" });
    expect(parseFragmentSecret("#/logs")).toBeUndefined();
    expect(parseFragmentSecret("")).toBeUndefined();
    expect(stripFragmentSecret("#token=abc")).toBe("");
    expect(stripFragmentSecret("#token=abc&tab=logs")).toBe("#tab=logs");
  });
  it("dashboardUrl puts the secret in the fragment, URL-encoded, never in the query", () => {
    expect(dashboardUrl("http://127.0.0.1:18789", { token: "t/+ x" })).toBe("http://127.0.0.1:18789/#token=t%2F%2B%20x");
    expect(dashboardUrl("http://h:1/", { password: "p" })).toBe("http://h:1/#password=p");
    expect(dashboardUrl("http://h:1")).toBe("http://h:1/");
    expect(parseFragmentSecret(new URL(dashboardUrl("http://h:1", { token: "t/+ x" })).hash)).toEqual({ kind: "token", value: "t/+ x" });
  });
  it("the socket URL follows the page's scheme and host", () => {
    expect(gatewayUrlFor({ protocol: "http:", host: "127.0.0.1:5" })).toBe("ws://127.0.0.1:5");
    expect(gatewayUrlFor({ protocol: "https:", host: "box.ts.net" })).toBe("wss://box.ts.net");
  });
});

describe("connect failures", () => {
  it("tells a refused secret from rate limiting and an unreachable gateway", () => {
    expect(classifyConnectFailure({ message: "unauthorized: gateway token mismatch (set gateway.auth.token)" })).toBe("auth");
    expect(classifyConnectFailure({ message: "connect failed", closeReason: "unauthorized: too many failed auth attempts" })).toBe("rate-limited");
    expect(classifyConnectFailure({ message: "refused or not a WebSocket endpoint" })).toBe("unreachable");
    expect(describeConnectFailure("auth", "token", "x")).toMatch(/refused this token/);
    expect(describeConnectFailure("auth", undefined, "x")).toMatch(/needs a token or password/);
    expect(describeConnectFailure("unreachable", "token", "ECONNREFUSED")).toMatch(/Cannot reach the gateway: ECONNREFUSED.*clawd gateway status/);
  });
});

describe("event feed", () => {
  it("keeps the newest first, bounded, filters by name or payload, truncates long payloads", () => {
    let feed = pushEntry([], toFeedEntry("tick", { ts: 1 }, 1, 0));
    feed = pushEntry(feed, toFeedEntry("presence", { text: "Hello" }, 2, 1));
    expect(feed.map((e) => e.seq)).toEqual([2, 1]);
    expect(filterFeed(feed, "hello").map((e) => e.event)).toEqual(["presence"]);
    expect(filterFeed(feed, "TICK").map((e) => e.event)).toEqual(["tick"]);
    expect(filterFeed(feed, "  ")).toHaveLength(2);
    expect(pushEntry(feed, toFeedEntry("x", 1, 3, 2), 2).map((e) => e.seq)).toEqual([3, 2]);
    expect(toFeedEntry("big", "y".repeat(5000), 4, 0).text.length).toBe(EVENT_TEXT_MAX_CHARS + 1);
  });
});

describe("log lines", () => {
  it("parses JSON lines (the original's shape and pino's) and plain text; filters by level", () => {
    const json = parseLogLine('{"time":"2026-01-01T00:00:00Z","level":"warn","subsystem":"gateway","message":"slow"}');
    expect(json).toEqual({ time: "2026-01-01T00:00:00Z", level: "warn", subsystem: "gateway", message: "slow" });
    expect(parseLogLine('{"time":0,"level":50,"msg":"boom"}')).toMatchObject({ level: "error", message: "boom", time: "1970-01-01T00:00:00.000Z" });
    expect(parseLogLine("2026 [info] transport: uws")).toMatchObject({ level: "info", message: "2026 [info] transport: uws" });
    expect(parseLogLine("{not json")).toMatchObject({ level: undefined, message: "{not json" });
    const lines = [json, parseLogLine('{"level":"debug","message":"d"}'), parseLogLine("no level here")];
    expect(filterByLevel(lines, "warn").map((l) => l.message)).toEqual(["slow"]);
    expect(filterByLevel(lines, "debug").map((l) => l.message)).toEqual(["slow", "d", "no level here"]);
    expect(filterByLevel(lines, "all")).toHaveLength(3);
  });
});

describe("config edit", () => {
  it("checks JSON syntax in the page and names each refused field", () => {
    expect(checkConfigText('{"gateway":{}}')).toEqual({ ok: true });
    expect(checkConfigText("[1]")).toEqual({ ok: false, message: "the config must be a JSON object ({ … })" });
    expect(checkConfigText("  ")).toMatchObject({ ok: false, message: expect.stringContaining("empty") });
    // JSON5 (or a typo) goes to the gateway, which names the line and column.
    expect(checkConfigText("{ // note\n a: 1, }")).toEqual({ ok: true });
    expect(describeSaved({ ok: true, restart: { ok: true, required: false, keys: [] } })).toBe("Saved; applied at once.");
    expect(describeSaved({ restart: { required: true, keys: ["gateway.port"] } })).toBe(
      "Saved; the gateway restarts to apply (gateway.port), and this page reconnects.",
    );
    expect(
      issueLines({
        issues: [
          { path: "gateway.port", message: "Expected number" },
          { path: [{ key: "gateway" }, { key: "bind" }], message: "Invalid" },
          { message: "root bad" },
        ],
      }),
    ).toEqual(["gateway.port: Expected number", "gateway.bind: Invalid", "(root): root bad"]);
    expect(issueLines(undefined)).toEqual([]);
    expect(editableText({ raw: '{"a":1}' })).toBe('{"a":1}');
    expect(editableText({ raw: null, config: { a: 1 } })).toBe('{\n  "a": 1\n}\n');
  });
});

describe("misc", () => {
  it("formats uptime and reads Accept-Encoding (q=0 refuses)", () => {
    expect([formatDuration(5_000), formatDuration(65_000), formatDuration(3_700_000), formatDuration(90_000_000)]).toEqual(["5s", "1m 5s", "1h 1m", "1d 1h"]);
    expect(acceptsGzip("gzip, deflate, br")).toBe(true);
    expect(acceptsGzip("br;q=1, gzip;q=0")).toBe(false);
    expect(acceptsGzip("*")).toBe(true);
    expect(acceptsGzip("")).toBe(false);
  });
});
