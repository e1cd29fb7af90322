import { describe, expect, it } from "vitest";
import { transportCheck } from "./doctor-transport.js";

const glibcFailure = {
  candidate: "@btc-vision/uwebsockets.js",
  code: "glibc-too-old",
  reason: "uws_linux_x64_127.node needs glibc 2.38; this system has glibc 2.36",
  glibcNeeded: "2.38",
  glibcHave: "2.36",
};
const notInstalled = (candidate: string) => ({ candidate, code: "not-installed", reason: "not installed" });

describe("doctor transport check", () => {
  it("is ✓ on uWS and on a ws the user forced", () => {
    expect(transportCheck({ transport: "uws", detail: "uWebSockets.js from @btc-vision/uwebsockets.js (uws_linux_x64_127.node)" }, 22)).toEqual({
      name: "WebSocket transport",
      status: "ok",
      detail: "uws (uWebSockets.js from @btc-vision/uwebsockets.js (uws_linux_x64_127.node))",
    });
    expect(transportCheck({ transport: "ws", detail: "ws (forced by CLAWD_TRANSPORT=ws)", forced: true }, 22).status).toBe("ok");
  });

  it("warns on a glibc fallback with the cause, the distros that fix it, and Node 20 as the last resort", () => {
    const c = transportCheck(
      { transport: "ws", detail: "ws (...)", failures: [notInstalled("uWebSockets.js"), glibcFailure, notInstalled("@trufflesuite/uws-js-unofficial")] },
      22,
    );
    expect(c.status).toBe("warn");
    expect(c.detail).toBe(
      "ws fallback, ~5-20x more server CPU per event than uWS (@btc-vision/uwebsockets.js: uws_linux_x64_127.node needs glibc 2.38; this system has glibc 2.36)",
    );
    expect(c.fix).toMatch(/^uWS needs glibc >= 2\.38 \(this system has 2\.36\): Ubuntu 24\.04\+, Debian 13\+, Fedora 39\+/);
    expect(c.fix).toContain("Or run Node 20 (end of life since April 2026) with npm i -g @trufflesuite/uws-js-unofficial@20.30.0-unofficial.0");
    const on20 = transportCheck({ transport: "ws", detail: "", failures: [glibcFailure] }, 20);
    expect(on20.fix).toContain("Or, while Node 20 (end of life since April 2026) is acceptable: npm i -g @trufflesuite/uws-js-unofficial");
  });

  it("says how to reinstall when the optional package was omitted", () => {
    const c = transportCheck({ transport: "ws", detail: "", failures: [notInstalled("uWebSockets.js"), notInstalled("@btc-vision/uwebsockets.js")] }, 22);
    expect(c.status).toBe("warn");
    expect(c.fix).toMatch(/without --omit=optional/);
  });

  it("names the Node versions that have a build when this ABI has none", () => {
    const abi = { candidate: "@btc-vision/uwebsockets.js", code: "abi-not-shipped", reason: "no linux-x64 binary for Node 18 (ABI 108)" };
    expect(transportCheck({ transport: "ws", detail: "", failures: [abi] }, 18).fix).toBe("No uWS build for Node 18: use Node 20, 22, 24, 25.");
  });

  it("points musl users at a glibc image", () => {
    const musl = { candidate: "@btc-vision/uwebsockets.js", code: "libc-mismatch", reason: "built for glibc" };
    expect(transportCheck({ transport: "ws", detail: "", failures: [musl] }, 22).fix).toMatch(/not Alpine\/musl/);
  });
});
