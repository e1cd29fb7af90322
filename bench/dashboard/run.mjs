#!/usr/bin/env node
// bench/dashboard: what does the dashboard cost a browser? Against a real `clawd gateway`
// (built CLI, token auth) and Debian's chromium, each run in a fresh browser context (cold
// cache): first-load transfer (bytes on the wire for every HTTP response, headers included,
// gzip as served; and the gzipped bodies alone), time from navigation to "connected", and to
// the first event in the page: a broadcast another client sends the moment the page is
// connected (its latency from send to the row in the DOM is reported on its own).
// Target: first load ≤ 150 KB gzipped.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { connectGateway } from "@clawd/gateway-client";
import { chromium } from "playwright-core";

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const BUDGET_BYTES = 150 * 1024;
const READY_TIMEOUT_MS = 30_000;
const CHROMIUM = process.env.CLAWD_TEST_CHROMIUM ?? "/usr/bin/chromium";
const CLI = new URL("../../packages/cli/dist/cli.js", import.meta.url).pathname;
const TOKEN = "bench-dashboard-token";

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const range = (xs, digits = 0) => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sandbox = mkdtempSync(join(tmpdir(), "clawd-bench-dashboard-"));
const state = join(sandbox, "state");
mkdirSync(state, { recursive: true });
writeFileSync(join(state, "clawd.json"), JSON.stringify({ gateway: { mode: "local", auth: { token: TOKEN } } }));
const port = await freePort();
const gateway = spawn(process.execPath, [CLI, "gateway", "--port", String(port)], {
  env: { ...process.env, HOME: sandbox, CLAWD_STATE_DIR: state, NO_COLOR: "1" },
  stdio: ["ignore", "pipe", "pipe"],
});
let out = "";
gateway.stdout.on("data", (d) => (out += d));
gateway.stderr.on("data", (d) => (out += d));
await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${out}`)), READY_TIMEOUT_MS);
  const check = () => {
    if (out.includes("dashboard:")) {
      clearTimeout(timer);
      resolve();
    }
  };
  gateway.stdout.on("data", check);
  gateway.once("exit", (code) => reject(new Error(`gateway exited ${code}:\n${out}`)));
});
const transport = /transport: (\w+)/.exec(out)?.[1] ?? "?";
const operator = await connectGateway({ url: `ws://127.0.0.1:${port}`, token: TOKEN, clientName: "cli", mode: "cli" });
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });

const rows = { wire: [], bodies: [], requests: [], connected: [], firstEvent: [], broadcast: [] };
const loadBefore = loadavg()[0];
try {
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    const http = new Map();
    cdp.on("Network.responseReceived", (e) => {
      if (e.type !== "WebSocket") http.set(e.requestId, { body: Number(e.response.headers["content-length"] ?? e.response.headers["Content-Length"] ?? 0) });
    });
    cdp.on("Network.loadingFinished", (e) => {
      const entry = http.get(e.requestId);
      if (entry) entry.wire = e.encodedDataLength;
    });
    await page.goto(`http://127.0.0.1:${port}/#token=${TOKEN}`);
    await page.getByTestId("connection-state").filter({ hasText: "connected" }).waitFor({ timeout: READY_TIMEOUT_MS });
    const connectedAt = await page.evaluate(() => performance.now());
    // The first event: a broadcast another client sends as soon as the page is connected. The
    // page stamps the moment its row appears (wall clock for the latency, page clock for the total).
    const marker = `bench-${run}-${Date.now()}`;
    await page.evaluate((m) => {
      const feed = document.querySelector('[data-view="events"] ol');
      window.__seenAt = new Promise((resolve) => {
        new MutationObserver((_, obs) => {
          if (feed.textContent.includes(m)) {
            obs.disconnect();
            resolve([Date.now(), performance.now()]);
          }
        }).observe(feed, { childList: true, subtree: true, characterData: true });
      });
    }, marker);
    const sentAt = Date.now();
    await operator.request("system-event", { text: marker });
    const [seenAt, firstEventAt] = await page.evaluate(() => window.__seenAt);
    const entries = [...http.values()];
    rows.wire.push(entries.reduce((s, e) => s + (e.wire ?? 0), 0));
    rows.bodies.push(entries.reduce((s, e) => s + e.body, 0));
    rows.requests.push(entries.length);
    rows.connected.push(connectedAt);
    rows.firstEvent.push(firstEventAt);
    rows.broadcast.push(seenAt - sentAt);
    await context.close();
  }
} finally {
  await browser.close();
  await operator.close();
  gateway.kill("SIGTERM");
  await new Promise((r) => gateway.once("exit", r));
  rmSync(sandbox, { recursive: true, force: true });
}

const table = [
  ["first-load HTTP requests", median(rows.requests), range(rows.requests), ""],
  ["first-load bytes on the wire (headers + gzip bodies)", median(rows.wire), range(rows.wire), `${(median(rows.wire) / BUDGET_BYTES).toFixed(3)}× of 150 KB`],
  ["first-load gzipped bodies", median(rows.bodies), range(rows.bodies), `${(median(rows.bodies) / BUDGET_BYTES).toFixed(3)}× of 150 KB`],
  ["navigation → connected (ms)", median(rows.connected).toFixed(0), range(rows.connected), ""],
  ["navigation → first event row in the page (ms)", median(rows.firstEvent).toFixed(0), range(rows.firstEvent), ""],
  ["broadcast sent → row in the DOM (ms)", median(rows.broadcast).toFixed(0), range(rows.broadcast), "target ≤ 1000"],
];
console.log(
  `dashboard, ${RUNS} cold runs, transport ${transport}, chromium headless, load average ${loadBefore.toFixed(2)} → ${loadavg()[0].toFixed(2)} (2 shared cores)\n`,
);
console.log("| measure | median | range |  |\n|---|---:|---:|---|");
for (const [name, med, rng, note] of table) console.log(`| ${name} | ${med} | ${rng} | ${note} |`);
const ok = median(rows.bodies) <= BUDGET_BYTES;
if (!ok) console.log(`\nfirst load over budget: ${median(rows.bodies)} > ${BUDGET_BYTES} bytes`);
process.exit(ok ? 0 : 1);
