import { describe, expect, it } from "vitest";
import { authLogFields, createAuthLog, logField } from "./auth-log.js";
import type { LogFields } from "./options.js";

describe("createAuthLog", () => {
  it("caps lines per minute and reports the overflow in one line when the next minute starts", () => {
    let now = 0;
    const lines: string[] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (m: string) => void lines.push(m) };
    const log = createAuthLog(logger, 2, () => now);
    const event = { event: "auth_failed" as const, ip: "127.0.0.1", clientId: "c", clientMode: "cli", authMode: "token", reason: "token_mismatch" };
    for (let i = 0; i < 5; i++) log.write(event);
    expect(lines).toHaveLength(2);
    expect(log.suppressed).toBe(3);
    now += 60_000;
    log.write({ ...event, event: "auth_delayed", waitMs: 1000 });
    expect(lines.slice(2)).toEqual([
      "gateway auth log: 3 more auth events in the previous minute were not logged (limit 2/min)",
      'gateway auth_delayed: ip=127.0.0.1 client="c" clientMode="cli" auth=token reason=token_mismatch waitMs=1000',
    ]);
  });

  it("passes each line's facts as fields: the event, the client's bounded values, never a secret", () => {
    const lines: Array<{ message: string; fields: LogFields | undefined }> = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (message: string, fields?: LogFields) => void lines.push({ message, fields }) };
    let now = 0;
    const log = createAuthLog(logger, 1, () => now);
    const event = {
      event: "auth_failed" as const,
      ip: "10.0.0.7",
      clientId: `evil\n${"c".repeat(80)}`,
      deviceId: "dev-1",
      clientMode: "cli",
      authMode: "token",
      reason: "token_mismatch",
    };
    log.write(event);
    log.write(event);
    now += 60_000;
    log.write({ ...event, event: "auth_delayed", waitMs: 250 });
    expect(lines.map((l) => l.fields)).toEqual([
      {
        event: "auth_failed",
        ip: "10.0.0.7",
        clientId: `evil?${"c".repeat(59)}…`,
        deviceId: "dev-1",
        clientMode: "cli",
        auth: "token",
        reason: "token_mismatch",
      },
      { event: "auth_log_suppressed", suppressed: 1, limitPerMinute: 1 },
      { ...authLogFields(event), event: "auth_delayed", waitMs: 250 },
    ]);
  });

  it("logField keeps a client-supplied value on one line and bounded", () => {
    expect(logField('evil\nclient"\\')).toBe("evil?client??");
    expect(logField("x".repeat(100))).toBe(`${"x".repeat(64)}…`);
  });
});
