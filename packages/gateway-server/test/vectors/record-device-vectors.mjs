// Records device-signature test vectors with the ORIGINAL Clawdbot's own code: the connects
// its node host and CLI sent in the shared recording, plus connects signed here by its
// infra/device-identity.js and gateway/device-auth.js. Run with the original's Node 22:
//   node record-device-vectors.mjs <clawdbot package dir> <recording.jsonl> > device-vectors.json
import { readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [pkg, recording] = process.argv.slice(2);
const identityModule = await import(pathToFileURL(join(pkg, "dist/infra/device-identity.js")).href);
const { buildDeviceAuthPayload } = await import(pathToFileURL(join(pkg, "dist/gateway/device-auth.js")).href);
const { loadOrCreateDeviceIdentity, signDevicePayload, publicKeyRawBase64UrlFromPem } = identityModule;

const vectors = [];
// 1. Connects the original's own clients sent, each with the challenge its connection got.
const lines = readFileSync(recording, "utf8").trim().split("\n").map((l) => JSON.parse(l));
const challenge = new Map();
const seen = new Set();
for (const line of lines) {
  const frame = line.frame ?? {};
  if (frame.event === "connect.challenge") challenge.set(line.conn, frame.payload.nonce);
  if (frame.method === "connect" && frame.params?.device) {
    const kind = `${frame.params.client.id}/${frame.params.auth?.token === "testtoken" ? "shared" : "device"}-token`;
    if (seen.has(kind)) continue;
    seen.add(kind);
    vectors.push({
      name: `recorded ${frame.params.client.id} connect (${kind})`, source: `recording ${line.conn}`,
      params: frame.params, challengeNonce: challenge.get(line.conn), nowMs: frame.params.device.signedAt + 1500, isLocal: false, expect: "ok",
    });
  }
}

// 2. Connects signed by the original's identity code (a fresh key pair in a throwaway file).
const dir = mkdtempSync(join(tmpdir(), "vectors-"));
const a = loadOrCreateDeviceIdentity(join(dir, "a.json"));
const b = loadOrCreateDeviceIdentity(join(dir, "b.json"));
const nonce = "5a7d3f9e-1c2b-4e8a-9f00-aa11bb22cc33";
const signedAt = 1795618907689;
const client = { id: "node-host", version: "2026.1.24-3", platform: "linux", mode: "node" };
const connect = (identity, { version = "v2", token = "testtoken", scopes = [], role = "node", at = signedAt, sign = {} } = {}) => {
  const payload = buildDeviceAuthPayload({
    deviceId: identity.deviceId, clientId: client.id, clientMode: client.mode, role, scopes, signedAtMs: at, token,
    nonce: version === "v2" ? nonce : undefined, version, ...sign,
  });
  const device = { id: identity.deviceId, publicKey: publicKeyRawBase64UrlFromPem(identity.publicKeyPem), signature: signDevicePayload(identity.privateKeyPem, payload), signedAt: at };
  if (version === "v2") device.nonce = nonce;
  return { minProtocol: 3, maxProtocol: 3, client, role, scopes, auth: { token }, device, payload };
};
const add = (name, params, extra) => {
  const { payload, ...rest } = params;
  vectors.push({ name, source: "original device-identity.js", signedPayload: payload, params: rest, challengeNonce: nonce, nowMs: signedAt + 2000, isLocal: false, expect: "ok", ...extra });
};
add("v2 signed by the original", connect(a));
add("v2 operator with scopes", connect(a, { role: "operator", scopes: ["operator.admin", "operator.pairing"] }));
const forged = connect(a);
forged.device.signature = connect(a, { token: "othertoken" }).device.signature;
add("signature over another token", forged, { expect: "signature" });
const wrongKey = connect(a);
wrongKey.device.signature = connect(b).device.signature;
add("signature by another key", wrongKey, { expect: "signature" });
const wrongId = connect(a);
wrongId.device.id = b.deviceId;
add("id of another key", wrongId, { expect: "id-mismatch" });
add("signedAt 11 minutes old", connect(a, { at: signedAt - 11 * 60_000 }), { expect: "stale" });
add("signedAt 9 minutes old", connect(a, { at: signedAt - 9 * 60_000 }), { expect: "ok" });
add("nonce of another connection", connect(a), { challengeNonce: "00000000-0000-4000-8000-000000000000", expect: "nonce-mismatch" });
add("v1 from a local client", connect(a, { version: "v1" }), { isLocal: true, expect: "ok" });
add("v1 from a remote client", connect(a, { version: "v1" }), { isLocal: false, expect: "nonce-missing" });
process.stdout.write(`${JSON.stringify(vectors, null, 2)}\n`);
