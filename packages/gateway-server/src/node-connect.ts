// What a `role: "node"` connect declares, kept on its session for the node registry: its
// commands filtered through the platform allowlist at connect time, as the original does.
import type { ConnectParams } from "./connect-params.js";

export interface NodeConnectInfo {
  displayName?: string;
  platform: string;
  version: string;
  deviceFamily?: string;
  modelIdentifier?: string;
  caps: string[];
  commands: string[];
  permissions?: Record<string, boolean>;
  pathEnv?: string;
  remoteIp?: string;
}

/** Describes a node connect; `allowed` filters the declared commands. */
export function describeNodeConnect(params: ConnectParams, remoteIp: string | undefined, allowed: (command: string) => boolean): NodeConnectInfo {
  const { client } = params;
  const info: NodeConnectInfo = {
    platform: client.platform,
    version: client.version,
    caps: [...(params.caps ?? [])],
    commands: (params.commands ?? []).map((c) => c.trim()).filter((c) => c.length > 0 && allowed(c)),
  };
  if (client.displayName) info.displayName = client.displayName;
  if (client.deviceFamily) info.deviceFamily = client.deviceFamily;
  if (client.modelIdentifier) info.modelIdentifier = client.modelIdentifier;
  if (params.permissions) info.permissions = params.permissions;
  if (params.pathEnv !== undefined) info.pathEnv = params.pathEnv;
  if (remoteIp) info.remoteIp = remoteIp;
  return info;
}
