import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { LogFile } from "./log-file.js";
import { createOutput } from "./output.js";

/** A stream that keeps what was written. */
function sink(): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk.toString("utf8")));
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => chunks.join("") };
}

const fields = { event: "request", conn: "c-1", method: "health", ok: true, durationMs: 0.4 };

describe("createOutput: a line's fields", () => {
  it("--log-format json and the log file carry them as top-level keys", () => {
    const out = sink();
    const err = sink();
    const file: string[] = [];
    const logFile: LogFile = { path: "/unused", append: (line) => void file.push(line) };
    const output = createOutput({ format: "json", verbose: true, stdout: out.stream, stderr: err.stream, env: {}, logFile });
    output.debug("gateway request: conn=c-1 method=health ok durationMs=0.4", fields);
    output.warn("gateway auth_failed: ip=127.0.0.1", { event: "auth_failed", ip: "127.0.0.1" });
    output.info("no fields");
    const [request, plain] = out
      .text()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(request).toMatchObject({ level: "debug", message: "gateway request: conn=c-1 method=health ok durationMs=0.4", ...fields });
    expect(plain).toEqual(expect.objectContaining({ level: "info", message: "no fields" }));
    expect(plain).not.toHaveProperty("event");
    expect(JSON.parse(err.text())).toMatchObject({ level: "warn", event: "auth_failed", ip: "127.0.0.1" });
    expect(file.map((l) => JSON.parse(l).event)).toEqual(["request", "auth_failed", undefined]);
  });

  it("pretty text shows the message exactly as without fields", () => {
    const withFields = sink();
    const without = sink();
    const a = createOutput({ verbose: true, stdout: withFields.stream, stderr: withFields.stream, env: {} });
    const b = createOutput({ verbose: true, stdout: without.stream, stderr: without.stream, env: {} });
    a.debug("gateway request: conn=c-1 method=health ok durationMs=0.4", fields);
    a.warn("gateway slow consumer: conn=c-1", { event: "slow_consumer" });
    b.debug("gateway request: conn=c-1 method=health ok durationMs=0.4");
    b.warn("gateway slow consumer: conn=c-1");
    expect(withFields.text()).toBe("gateway request: conn=c-1 method=health ok durationMs=0.4\n! gateway slow consumer: conn=c-1\n");
    expect(withFields.text()).toBe(without.text());
  });
});
