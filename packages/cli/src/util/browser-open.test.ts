import { describe, expect, it } from "vitest";
import { browserCommand } from "./browser-open.js";

describe("browserCommand", () => {
  const which = (found: string | undefined) => () => found;
  it("honours $BROWSER, and BROWSER=none opens nothing", () => {
    expect(browserCommand("linux", { BROWSER: "/opt/firefox" }, which(undefined))).toEqual({ command: "/opt/firefox", args: [] });
    expect(browserCommand("darwin", { BROWSER: "none" }, which(undefined))).toBeUndefined();
  });
  it("uses open on macOS and start on Windows", () => {
    expect(browserCommand("darwin", {}, which(undefined))).toEqual({ command: "open", args: [] });
    expect(browserCommand("win32", {}, which(undefined))).toEqual({ command: "cmd", args: ["/c", "start", '""'] });
  });
  it("on Linux needs a display and xdg-open", () => {
    expect(browserCommand("linux", {}, which("/usr/bin/xdg-open"))).toBeUndefined();
    expect(browserCommand("linux", { DISPLAY: ":0" }, which(undefined))).toBeUndefined();
    expect(browserCommand("linux", { WAYLAND_DISPLAY: "wayland-0" }, which("/usr/bin/xdg-open"))).toEqual({ command: "/usr/bin/xdg-open", args: [] });
  });
});
