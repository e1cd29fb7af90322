// Diagnostic, not part of `pnpm bench`: which JS objects a handshaken uWS connection keeps.
// Takes a heap snapshot before and after N clients connect and prints the per-connection
// difference by object kind (plain objects by their property names, strings by shape).
// Usage: node --expose-gc bench/gateway/heap-per-connection.mjs [connections=2000]
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeHeapSnapshot } from "node:v8";
import { startGatewayServer } from "@clawd/gateway-server";
import { Child } from "./child.mjs";

const connections = Number(process.argv[2] ?? 2_000);
/** Rows smaller than this many bytes per connection are left out. */
const MIN_BYTES_PER_CONNECTION = 2;
if (typeof globalThis.gc !== "function") throw new Error("run with node --expose-gc");

const dir = mkdtempSync(join(tmpdir(), "clawd-heap-"));
const snapshot = (name) => {
  globalThis.gc();
  globalThis.gc();
  return writeHeapSnapshot(join(dir, `${name}.heapsnapshot`));
};

/** Self size and count of every object kind in a snapshot file. */
function kinds(file) {
  const s = JSON.parse(readFileSync(file, "utf8"));
  const {
    node_fields: nf,
    node_types: [types],
    edge_fields: ef,
    edge_types: [edgeTypes],
  } = s.snapshot.meta;
  const W = nf.length;
  const [ti, ni, si, eci] = ["type", "name", "self_size", "edge_count"].map((f) => nf.indexOf(f));
  const count = s.nodes.length / W;
  const firstEdge = new Uint32Array(count + 1);
  for (let n = 0, e = 0; n < count; n++) {
    firstEdge[n] = e;
    e += s.nodes[n * W + eci] * ef.length;
  }
  firstEdge[count] = s.edges.length;
  const propertyNames = (n) => {
    const out = [];
    for (let e = firstEdge[n]; e < firstEdge[n + 1]; e += ef.length) {
      if (edgeTypes[s.edges[e]] === "property") out.push(s.strings[s.edges[e + 1]]);
    }
    return out.filter((p) => p !== "__proto__").slice(0, 8);
  };
  const totals = new Map();
  for (let n = 0; n < count; n++) {
    const type = types[s.nodes[n * W + ti]];
    let name = s.strings[s.nodes[n * W + ni]];
    if (type.endsWith("string")) name = name.length > 36 ? `${name.slice(0, 12)}…(${name.length})` : name.replace(/[0-9a-f]/g, "x");
    else if (type === "object" && name === "Object") name = `{${propertyNames(n).join(",")}}`;
    else if (type === "number") name = "";
    const key = `${type} ${name.slice(0, 60)}`;
    const t = totals.get(key) ?? { count: 0, bytes: 0 };
    t.count += 1;
    t.bytes += s.nodes[n * W + si];
    totals.set(key, t);
  }
  return totals;
}

const server = await startGatewayServer({ port: 0, transport: "uws", tickIntervalMs: 3_600_000 });
const before = snapshot("before");
const clients = new Child("./load-client.mjs");
await clients.next("ready");
const { open } = await clients.request({ cmd: "connect", url: `ws://127.0.0.1:${server.port}`, count: connections, handshake: true }, "connected");
const after = snapshot("after");
await clients.stop();
await server.close();

const a = kinds(before);
const rows = [];
for (const [key, t] of kinds(after)) {
  const b = a.get(key) ?? { count: 0, bytes: 0 };
  const bytes = (t.bytes - b.bytes) / open;
  if (Math.abs(bytes) >= MIN_BYTES_PER_CONNECTION) rows.push({ key, count: (t.count - b.count) / open, bytes });
}
rows.sort((x, y) => y.bytes - x.bytes);
rmSync(dir, { recursive: true, force: true });
console.log(`JS heap per connection, ${open} uWS connections (code and shapes are shared, so they shrink as N grows)\n`);
console.log("| kind | count/conn | bytes/conn |\n|---|---:|---:|");
for (const r of rows) console.log(`| ${r.key} | ${r.count.toFixed(2)} | ${r.bytes.toFixed(1)} |`);
console.log(`| total | | ${rows.reduce((s, r) => s + r.bytes, 0).toFixed(0)} |`);
