import { mkdtempSync, readFileSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { approvePairing, requestPairing } from "./device-pairing.js";
import { createDeviceStore, DeviceStoreError, systemPairingClock } from "./device-store.js";

const filed = (...args: Parameters<typeof requestPairing>) => {
  const result = requestPairing(...args);
  if (!result) throw new Error("pending requests full");
  return result;
};

const node = { deviceId: "d1", publicKey: "pk1", role: "node", scopes: [] as string[] };

describe("device store", () => {
  it("writes pending.json and paired.json with mode 0600 and reads them back", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "devstore-"));
    const store = createDeviceStore(stateDir);
    const requestId = await store.update((s) => ({ result: filed(s, node, false, store.clock).request.requestId, changed: true }));
    await store.update((s) => ({ result: approvePairing(s, requestId, store.clock), changed: true }));
    for (const file of ["pending.json", "paired.json"]) expect(statSync(join(stateDir, "devices", file)).mode & 0o777).toBe(0o600);
    const paired = JSON.parse(readFileSync(join(stateDir, "devices", "paired.json"), "utf8"));
    expect(paired.d1.tokens.node.token).toMatch(/^[0-9a-f]{32}$/);
    const reopened = createDeviceStore(stateDir);
    expect(await reopened.read((s) => Object.keys(s.pairedById))).toEqual(["d1"]);
  });

  it("reports a corrupt file on every use and never overwrites it", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "devstore-"));
    mkdirSync(join(stateDir, "devices"));
    writeFileSync(join(stateDir, "devices", "paired.json"), "{ not json");
    const store = createDeviceStore(stateDir);
    const attempt = () => store.update((s) => ({ result: filed(s, node, false, systemPairingClock), changed: true }));
    await expect(attempt()).rejects.toBeInstanceOf(DeviceStoreError);
    await expect(attempt()).rejects.toThrow(/paired\.json is unreadable \(not valid JSON.*never reset/);
    expect(readFileSync(join(stateDir, "devices", "paired.json"), "utf8")).toBe("{ not json");
    writeFileSync(join(stateDir, "devices", "paired.json"), "[]");
    await expect(createDeviceStore(stateDir).read(() => 1)).rejects.toThrow(/not a JSON object/);
  });

  it("runs concurrent updates one at a time", async () => {
    const store = createDeviceStore(undefined);
    const results = await Promise.all(
      ["a", "b", "c"].map((id) => store.update((s) => ({ result: filed(s, { ...node, deviceId: id }, false, store.clock).created, changed: true }))),
    );
    expect(results).toEqual([true, true, true]);
    expect(await store.read((s) => Object.keys(s.pendingById).length)).toBe(3);
  });
});
