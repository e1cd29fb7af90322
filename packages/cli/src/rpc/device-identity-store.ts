import { commandHint } from "../command-hint.js";
// This CLI's device identity: an Ed25519 key pair in `<state>/identity/device.json` and the
// device tokens gateways handed it in `<state>/identity/device-auth.json` (the original's file
// formats). Created on first use, written atomically with mode 0600; a file that cannot be
// read is an error naming it — a key is never replaced silently.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "@clawd/daemon";
import { type DeviceSigner, deviceSigner, generateDeviceIdentity, parseDeviceIdentity, type StoredDeviceToken } from "@clawd/gateway-client/device";
import { CliError, errorMessage } from "../cli-error.js";

/** Mode of the identity files: they hold a private key and tokens. */
export const IDENTITY_FILE_MODE = 0o600;

/** The CLI as a device: its signer, its stored token per role, and a way to keep a new one. */
export interface CliDevice {
  signer: DeviceSigner;
  token(role: string): string | undefined;
  saveToken(auth: { deviceToken: string; role: string; scopes: string[] }): Promise<void>;
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

const unreadable = (path: string, err: unknown, profile: string | undefined) =>
  new CliError([
    `Cannot read this CLI's device identity ${path}: ${errorMessage(err)}`,
    `Fix the file or move it aside (a new identity must then be approved again: ${commandHint(profile, "devices approve")}).`,
  ]);

/** Loads (or creates) the identity in `stateDir`; `profile` is named in its hints. */
export async function loadCliDevice(stateDir: string, profile: string | undefined): Promise<CliDevice> {
  const identityPath = join(stateDir, "identity", "device.json");
  const authPath = join(stateDir, "identity", "device-auth.json");
  let identityText: string | undefined;
  let authText: string | undefined;
  try {
    [identityText, authText] = await Promise.all([readIfExists(identityPath), readIfExists(authPath)]);
  } catch (err) {
    throw unreadable(identityPath, err, profile);
  }
  let identity: ReturnType<typeof generateDeviceIdentity>;
  try {
    identity = identityText === undefined ? generateDeviceIdentity() : parseDeviceIdentity(identityText);
  } catch (err) {
    throw unreadable(identityPath, err, profile);
  }
  if (identityText === undefined) await writeFileAtomic(identityPath, `${JSON.stringify(identity, null, 2)}\n`, IDENTITY_FILE_MODE);
  let tokens: Record<string, StoredDeviceToken> = {};
  if (authText !== undefined) {
    try {
      const parsed = JSON.parse(authText) as { deviceId?: string; tokens?: Record<string, StoredDeviceToken> };
      // Tokens of another key pair are useless to this one.
      if (parsed.deviceId === identity.deviceId && parsed.tokens && typeof parsed.tokens === "object") tokens = parsed.tokens;
    } catch (err) {
      throw unreadable(authPath, err, profile);
    }
  }
  return {
    signer: deviceSigner(identity),
    token: (role) => tokens[role]?.token,
    async saveToken(auth) {
      if (tokens[auth.role]?.token === auth.deviceToken) return;
      tokens = { ...tokens, [auth.role]: { token: auth.deviceToken, role: auth.role, scopes: auth.scopes, updatedAtMs: Date.now() } };
      await writeFileAtomic(authPath, `${JSON.stringify({ version: 1, deviceId: identity.deviceId, tokens }, null, 2)}\n`, IDENTITY_FILE_MODE);
    },
  };
}
