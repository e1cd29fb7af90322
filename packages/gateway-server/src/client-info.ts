// The caller records a session keeps after the handshake. Thousands of clients send the same
// scope list and client record, so the common ones are shared, frozen, between sessions.
import type { ConnectParams } from "./connect-params.js";
import type { MethodContext } from "./method-registry.js";
import type { InternString, SharePooled } from "./string-pool.js";

export type ClientInfo = MethodContext["client"];

/** The scope list, shared with every session that sent the same one. */
export function sharedScopes(scopes: readonly string[], intern: InternString, share: SharePooled): readonly string[] {
  return share(`scopes\n${scopes.join("\n")}`, () => Object.freeze(scopes.map(intern)));
}

/** The client record handlers and presence see; the common one without instance or display name is shared. */
export function sharedClientInfo(client: ConnectParams["client"], intern: InternString, share: SharePooled): ClientInfo {
  const pick = (): ClientInfo => {
    const out: ClientInfo = { id: intern(client.id), mode: intern(client.mode), version: intern(client.version), platform: intern(client.platform) };
    if (client.instanceId) out.instanceId = client.instanceId;
    if (client.displayName) out.displayName = client.displayName;
    if (client.deviceFamily) out.deviceFamily = intern(client.deviceFamily);
    if (client.modelIdentifier) out.modelIdentifier = intern(client.modelIdentifier);
    return Object.freeze(out);
  };
  if (client.instanceId || client.displayName) return pick();
  const device = `${client.deviceFamily ?? ""}\n${client.modelIdentifier ?? ""}`;
  return share(`client\n${client.id}\n${client.mode}\n${client.version}\n${client.platform}\n${device}`, pick);
}
