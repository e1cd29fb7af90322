import { cac } from "cac";
import { describe, expect, it } from "vitest";
import { CliError, EXIT_USAGE } from "../cli-error.js";
import { COMMAND_GROUPS } from "../command-table.js";
import { shieldArgs } from "../verbatim-args.js";
import { parseChoice, parseGatewayFlags, parsePort, parseTimeoutMs, readBoolean, readString, readStrings } from "./flags.js";

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

/** `clawd gateway <argv>` parsed as main.ts does it: the real option table, cac, the verbatim shield. */
function gatewayFlags(argv: string[]) {
  const action = COMMAND_GROUPS.find((g) => g.name === "gateway")!.actions.find((a) => a.name === "")!;
  const cli = cac("clawd gateway");
  cli.globalCommand.ignoreOptionDefaultValue();
  const command = cli.command("", "");
  for (const o of action.options) command.option(o.flags, o.description);
  let options: Record<string, unknown> | undefined;
  command.action((...values: unknown[]) => {
    options = values.pop() as Record<string, unknown>;
  });
  const shield = shieldArgs(argv, false);
  cli.parse(["node", "clawd", ...shield.argv], { run: false });
  cli.runMatchedCommand();
  const restored = shield.restore(options!);
  delete restored["--"];
  return parseGatewayFlags(restored);
}

describe("gateway flags, verbatim from the command line", () => {
  it('keeps what the user typed: --token 0123 stays "0123", --password 1e3 stays "1e3", --token=007 stays "007"', () => {
    expect(gatewayFlags(["--token", "0123"]).token).toBe("0123");
    expect(gatewayFlags(["--password", "1e3"]).password).toBe("1e3");
    expect(gatewayFlags(["--token=007"]).token).toBe("007");
    expect(gatewayFlags(["--token", "0x10", "--port", "19001"])).toMatchObject({ token: "0x10", port: 19001 });
  });

  it("an empty --token or --password is refused, never read as 0 or as no secret", () => {
    expect(usageError(() => gatewayFlags(["--token", ""]))).toEqual(["--token must not be empty.", "Give it a value, or leave --token out."]);
    expect(usageError(() => gatewayFlags(["--password="]))[0]).toBe("--password must not be empty.");
    expect(usageError(() => gatewayFlags(["--token", "   "]))[0]).toBe("--token must not be empty.");
  });

  it("absent flags stay undefined (so the config is never overridden); booleans default to false; --plugin repeats in order", () => {
    const flags = gatewayFlags([]);
    expect(flags).toEqual({
      port: undefined,
      bind: undefined,
      host: undefined,
      token: undefined,
      password: undefined,
      auth: undefined,
      tailscale: undefined,
      tailscaleResetOnExit: undefined,
      allowUnconfigured: false,
      dev: false,
      reset: false,
      force: false,
      verbose: false,
      logFormat: "pretty",
      plugins: [],
    });
    expect(gatewayFlags(["--plugin", "./a.js", "--plugin", "b"]).plugins).toEqual(["./a.js", "b"]);
    expect(gatewayFlags(["--dev", "--reset", "--verbose", "--log-format", "json"])).toMatchObject({ dev: true, reset: true, verbose: true, logFormat: "json" });
  });

  it("--host must be an IP and implies --bind custom; any other --bind with --host is refused", () => {
    expect(gatewayFlags(["--host", "192.168.1.20"])).toMatchObject({ bind: "custom", host: "192.168.1.20" });
    expect(gatewayFlags(["--host", "::1", "--bind", "custom"])).toMatchObject({ bind: "custom", host: "::1" });
    expect(usageError(() => gatewayFlags(["--host", "my-box.local"]))).toEqual(['Invalid --host "my-box.local" (use an IP address such as 192.168.1.20).']);
    expect(usageError(() => gatewayFlags(["--host", "10.0.0.2", "--bind", "lan"]))).toEqual(["--host only works with --bind custom (got --bind lan)."]);
  });

  it("choices list every accepted value; --reset without --dev says how to use it", () => {
    expect(usageError(() => gatewayFlags(["--bind", "public"]))).toEqual(['Invalid --bind "public" (use "loopback", "lan", "tailnet", "auto", "custom").']);
    expect(usageError(() => gatewayFlags(["--auth", "Token"]))).toEqual(['Invalid --auth "Token" (use "none", "token", "password").']);
    expect(usageError(() => gatewayFlags(["--tailscale", "on"]))).toEqual(['Invalid --tailscale "on" (use "off", "serve", "funnel").']);
    expect(usageError(() => gatewayFlags(["--log-format", "yaml"]))).toEqual(['Invalid --log-format "yaml" (use "pretty", "json").']);
    expect(usageError(() => gatewayFlags(["--reset"]))).toEqual(["Use --reset with --dev.", "Example: clawd gateway --dev --reset"]);
  });
});

describe("parsePort", () => {
  it("accepts whole numbers 1–65535 (spaces around them trimmed), and nothing else", () => {
    expect(parsePort("1")).toBe(1);
    expect(parsePort("65535")).toBe(65535);
    expect(parsePort(" 18789 ")).toBe(18789);
    expect(parsePort("08080")).toBe(8080);
    for (const bad of ["0", "65536", "-1", "1e3", "0x50", "80.0", "80a", "", "123456"]) {
      expect(
        usageError(() => parsePort(bad)),
        bad,
      ).toEqual([`Invalid --port "${bad}" (use a whole number from 1 to 65535).`]);
    }
  });

  it("names where the bad value came from", () => {
    expect(usageError(() => parsePort("12ab", "CLAWD_GATEWAY_PORT"))[0]).toBe('Invalid CLAWD_GATEWAY_PORT "12ab" (use a whole number from 1 to 65535).');
  });
});

describe("parseTimeoutMs", () => {
  it("takes a positive whole number of milliseconds", () => {
    expect(parseTimeoutMs("5000")).toBe(5000);
    expect(parseTimeoutMs(" 1 ")).toBe(1);
  });

  it("refuses zero, fractions, signs, units and numbers past 2^53", () => {
    for (const bad of ["0", "1.5", "-5", "+5", "5s", "1e3", "", "99999999999999999999"]) {
      expect(
        usageError(() => parseTimeoutMs(bad)),
        bad,
      ).toEqual([`Invalid --timeout "${bad}" (use a positive whole number of milliseconds, for example 5000).`]);
    }
  });
});

describe("raw option readers", () => {
  it("readString: a repeated flag, a flag without a value and an empty value are usage errors; a number cac produced is not touched up", () => {
    expect(readString({}, "url", "--url")).toBeUndefined();
    expect(usageError(() => readString({ url: ["a", "b"] }, "url", "--url"))).toEqual(["--url was given more than once."]);
    expect(usageError(() => readString({ url: true }, "url", "--url"))).toEqual(["--url needs a value."]);
    expect(readString({ token: " keep spaces " }, "token", "--token")).toBe(" keep spaces ");
  });

  it("readStrings: one value or many; each must be a non-empty value", () => {
    expect(readStrings({}, "plugin", "--plugin")).toEqual([]);
    expect(readStrings({ plugin: "a" }, "plugin", "--plugin")).toEqual(["a"]);
    expect(usageError(() => readStrings({ plugin: ["a", true] }, "plugin", "--plugin"))).toEqual(["--plugin needs a value."]);
    expect(usageError(() => readStrings({ plugin: ["a", " "] }, "plugin", "--plugin"))).toEqual(["--plugin must not be empty."]);
  });

  it('readBoolean: true and "true" are true, anything else given is false, absent is undefined', () => {
    expect(readBoolean({ json: true }, "json")).toBe(true);
    expect(readBoolean({ json: "true" }, "json")).toBe(true);
    expect(readBoolean({ probe: false }, "probe")).toBe(false);
    expect(readBoolean({ json: "yes" }, "json")).toBe(false);
    expect(readBoolean({}, "json")).toBeUndefined();
  });

  it("parseChoice is exact (no case folding, no trimming)", () => {
    expect(parseChoice("lan", "--bind", ["loopback", "lan"])).toBe("lan");
    expect(usageError(() => parseChoice(" lan", "--bind", ["loopback", "lan"]))).toEqual(['Invalid --bind " lan" (use "loopback", "lan").']);
  });
});
