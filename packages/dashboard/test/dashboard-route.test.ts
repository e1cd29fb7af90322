// The route against the real build (dist/app), served by a real gateway on both transports.
// It imports the BUILT entry: DEFAULT_APP_DIR is dist/app, next to dist/index.js.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { detectTransport, startGatewayServer, type GatewayServer } from "@clawd/gateway-server";
import { afterEach, describe, expect, it } from "vitest";
import { createDashboardRoute, DASHBOARD_CSP, DEFAULT_APP_DIR, loadAssets } from "../dist/index.js";

/** The budget for everything the first visit downloads, gzipped. */
const FIRST_LOAD_BUDGET_BYTES = 150 * 1024;

const servers: GatewayServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe("the built app", () => {
  it(`first load (page + script + stylesheet, gzipped) stays within ${FIRST_LOAD_BUDGET_BYTES} bytes`, () => {
    const assets = loadAssets(DEFAULT_APP_DIR);
    const unique = new Set(assets.values());
    const total = [...unique].reduce((sum, a) => sum + a.gzip.byteLength, 0);
    expect(unique.size).toBe(3);
    expect(total).toBeGreaterThan(1000);
    expect(total).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_BYTES);
  });

  it("index.html references only its hashed same-origin assets, with no inline script or style", () => {
    const index = loadAssets(DEFAULT_APP_DIR).get("/");
    const html = Buffer.from(index!.body).toString("utf8");
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(refs).toEqual(["data:,", expect.stringMatching(/^\/assets\/app-[A-Z0-9]+\.css$/), expect.stringMatching(/^\/assets\/app-[A-Z0-9]+\.js$/)]);
    expect(html).not.toMatch(/<script>|<style|\sstyle="|\son\w+="/);
    expect(html).not.toMatch(/https?:\/\//);
  });
});

// uws only where a binding loads (plain Node 22/24 on glibc < 2.38 runs ws): the suite name says so.
const UWS_LOADS = detectTransport({}).transport === "uws";
const TRANSPORTS = [
  { transport: "uws" as const, label: UWS_LOADS ? "uws" : "uws (skipped: no uWebSockets.js binding loads on this machine)", skip: !UWS_LOADS },
  { transport: "ws" as const, label: "ws", skip: false },
];

describe.each(TRANSPORTS)("served by the gateway over $label", ({ transport, skip }) => {
  if (skip) return void it.skip("needs a uWebSockets.js binding", () => {});
  const start = async () => {
    const server = await startGatewayServer({ port: 0, transport, ipv6Alias: false, closeGraceMs: 100, httpRoute: createDashboardRoute() });
    servers.push(server);
    return `http://127.0.0.1:${server.port}`;
  };

  it("GET / is the page with a strict CSP, no-cache and an ETag; a matching If-None-Match gets 304", async () => {
    const base = await start();
    const res = await fetch(`${base}/?token=never-here`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("content-security-policy")).toBe(DASHBOARD_CSP);
    expect(DASHBOARD_CSP).toContain("script-src 'self'");
    expect(DASHBOARD_CSP).not.toMatch(/unsafe|https?:/);
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const html = await res.text();
    expect(html).toContain('<div id="app">');
    const etag = res.headers.get("etag")!;
    const again = await fetch(`${base}/`, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    await again.arrayBuffer();
  });

  it("hashed assets are gzipped when accepted, identity otherwise, and cached for a year", async () => {
    const base = await start();
    const html = await (await fetch(`${base}/`)).text();
    const script = /src="([^"]+\.js)"/.exec(html)![1]!;
    const raw = await fetch(`${base}${script}`, { headers: { "accept-encoding": "identity" } });
    expect(raw.headers.get("content-encoding")).toBeNull();
    const body = Buffer.from(await raw.arrayBuffer());
    expect(raw.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(raw.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    // Node's fetch would inflate silently; read the wire bytes with a raw request instead.
    const { request } = await import("node:http");
    const gz = await new Promise<{ encoding: string | undefined; bytes: Buffer }>((resolve, reject) => {
      request(`${base}${script}`, { headers: { "accept-encoding": "gzip, br" } }, (r) => {
        const chunks: Buffer[] = [];
        r.on("data", (c: Buffer) => chunks.push(c)).on("end", () => resolve({ encoding: r.headers["content-encoding"], bytes: Buffer.concat(chunks) }));
      })
        .on("error", reject)
        .end();
    });
    expect(gz.encoding).toBe("gzip");
    expect(gz.bytes.byteLength).toBeLessThan(body.byteLength);
    expect(gunzipSync(gz.bytes).equals(body)).toBe(true);
  });

  it("unknown paths are 404 and /healthz still answers", async () => {
    const base = await start();
    for (const path of ["/assets/app-NOPE.js", "/admin", "/assets/../package.json"]) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(404);
      await res.arrayBuffer();
    }
    expect(((await (await fetch(`${base}/healthz`)).json()) as { ok: boolean }).ok).toBe(true);
  });
});

describe("loadAssets", () => {
  it("uses the build's gzip copies and ETags, and makes them itself for a manifest without them", () => {
    const built = loadAssets(DEFAULT_APP_DIR).get("/")!;
    expect(gunzipSync(built.gzip).equals(Buffer.from(built.body))).toBe(true);
    expect(built.etag).toMatch(/^"[\w-]{22}"$/);
    const dir = mkdtempSync(join(tmpdir(), "dashboard-assets-"));
    try {
      writeFileSync(join(dir, "index.html"), "<!doctype html><p>hi</p>");
      writeFileSync(join(dir, "manifest.json"), JSON.stringify({ index: "index.html", assets: [] }));
      const own = loadAssets(dir).get("/index.html")!;
      expect(gunzipSync(own.gzip).toString()).toBe("<!doctype html><p>hi</p>");
      expect(own.etag).toMatch(/^"[\w-]{22}"$/);
      expect(own.immutable).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("createDashboardRoute", () => {
  it("names the missing build and the fix when the app dir has no manifest", () => {
    expect(() => createDashboardRoute({ appDir: "/nonexistent-dashboard-dir" })).toThrow(
      /dashboard assets not built: .*manifest\.json.*run the @clawd\/dashboard build/,
    );
  });
  it("refuses a negative cache lifetime, naming the option", () => {
    expect(() => createDashboardRoute({ assetMaxAgeS: -1 })).toThrow(/invalid option assetMaxAgeS/);
  });
});
