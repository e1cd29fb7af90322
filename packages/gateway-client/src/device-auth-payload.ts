// The line a device signs on connect, byte for byte as the gateway rebuilds it (the original's
// gateway/device-auth.js): v2 ends with the challenge nonce; v1 (no nonce) is for local clients.

/** Builds the signed line from the connect's own fields. */
export function buildDeviceAuthPayload(input: {
  deviceId: string;
  clientId: string;
  clientMode: string;
  role: string;
  scopes: readonly string[];
  signedAtMs: number;
  token?: string | undefined;
  nonce?: string | undefined;
}): string {
  const base = [
    input.nonce ? "v2" : "v1",
    input.deviceId,
    input.clientId,
    input.clientMode,
    input.role,
    input.scopes.join(","),
    String(input.signedAtMs),
    input.token ?? "",
  ];
  if (input.nonce) base.push(input.nonce);
  return base.join("|");
}
