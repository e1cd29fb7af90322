// The exact bytes a device signs on connect (original gateway/device-auth.js): a `|`-joined
// line. v2 ends with the challenge nonce; v1 (no nonce) is accepted from local clients only.

/** What the signed line is built from; `scopes` are the requested scopes as sent, in order. */
export interface DeviceAuthPayloadInput {
  deviceId: string;
  clientId: string;
  clientMode: string;
  role: string;
  scopes: readonly string[];
  signedAtMs: number;
  token?: string | null | undefined;
  nonce?: string | undefined;
  version: "v1" | "v2";
}

/** Builds the signed line; the server rebuilds it from the connect params to verify a signature. */
export function buildDeviceAuthPayload(input: DeviceAuthPayloadInput): string {
  const base = [
    input.version,
    input.deviceId,
    input.clientId,
    input.clientMode,
    input.role,
    input.scopes.join(","),
    String(input.signedAtMs),
    input.token ?? "",
  ];
  if (input.version === "v2") base.push(input.nonce ?? "");
  return base.join("|");
}
