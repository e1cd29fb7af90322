import { describe, expect, it } from "vitest";
import { redactSecrets } from "./redact.js";

describe("redactSecrets", () => {
  it.each([
    ["node /x/cli.js gateway --port 5 --token s3cret --verbose", "node /x/cli.js gateway --port 5 --token *** --verbose"],
    ["clawd gateway --token=s3cret", "clawd gateway --token=***"],
    ["clawd gateway --password  p@ss --bind lan", "clawd gateway --password  *** --bind lan"],
    ["clawd gateway --gateway-token 0123", "clawd gateway --gateway-token ***"],
    ["CLAWD_GATEWAY_TOKEN=abc node x", "CLAWD_GATEWAY_TOKEN=*** node x"],
    ["env FOO_PASSWORD=zz node", "env FOO_PASSWORD=*** node"],
    ["clawd gateway call --url ws://h:1/?token=abc&x=1", "clawd gateway call --url ws://h:1/?token=***&x=1"],
    ["curl wss://u:pw@host/x", "curl wss://u:***@host/x"],
    ["x --api-key k1 --secret=k2", "x --api-key *** --secret=***"],
  ])("%s", (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it("leaves command lines without secrets alone", () => {
    for (const text of [
      "ssh -N -L 18789:127.0.0.1:18789 host",
      "node server.js --port 3000",
      "python3 -m http.server 8080",
      "clawd gateway --token --verbose",
    ]) {
      expect(redactSecrets(text)).toBe(text);
    }
  });
});
