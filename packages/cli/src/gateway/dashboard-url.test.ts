import { describe, expect, it } from "vitest";
import { dashboardLink, httpBaseFromWsUrl } from "./dashboard-url.js";

describe("dashboard URL", () => {
  it("maps ws→http and wss→https, dropping path, query and fragment", () => {
    expect(httpBaseFromWsUrl("ws://127.0.0.1:18789")).toBe("http://127.0.0.1:18789/");
    expect(httpBaseFromWsUrl("wss://box.tail1234.ts.net/gw?token=x#y")).toBe("https://box.tail1234.ts.net/");
    expect(httpBaseFromWsUrl("ws://[::1]:19001")).toBe("http://[::1]:19001/");
    // Credentials in the userinfo are a secret too: `status` prints this address.
    expect(httpBaseFromWsUrl("ws://me:s3cret@127.0.0.1:18789/?token=t")).toBe("http://127.0.0.1:18789/");
  });
  it("puts the secret in the fragment only, URL-encoded; token wins over password", () => {
    expect(dashboardLink("ws://127.0.0.1:1", { token: "a b/+", password: "p" })).toBe("http://127.0.0.1:1/#token=a%20b%2F%2B");
    expect(dashboardLink("ws://127.0.0.1:1", { token: undefined, password: "p&q" })).toBe("http://127.0.0.1:1/#password=p%26q");
    expect(dashboardLink("ws://127.0.0.1:1?token=leak", {})).toBe("http://127.0.0.1:1/");
  });
});
