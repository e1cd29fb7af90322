// Which commands a node may expose and be asked to run (original gateway/node-command-policy.js):
// a per-platform default list, plus `gateway.nodes.allowCommands`, minus `denyCommands`.

const CANVAS = [
  "canvas.present",
  "canvas.hide",
  "canvas.navigate",
  "canvas.eval",
  "canvas.snapshot",
  "canvas.a2ui.push",
  "canvas.a2ui.pushJSONL",
  "canvas.a2ui.reset",
];
const CAMERA = ["camera.list", "camera.snap", "camera.clip"];
const SCREEN = ["screen.record"];
const LOCATION = ["location.get"];
const SMS = ["sms.send"];
const SYSTEM = ["system.run", "system.which", "system.notify", "system.execApprovals.get", "system.execApprovals.set", "browser.proxy"];

/** Default commands per platform family (the original's). */
export const NODE_PLATFORM_COMMANDS: Readonly<Record<string, readonly string[]>> = {
  ios: [...CANVAS, ...CAMERA, ...SCREEN, ...LOCATION],
  android: [...CANVAS, ...CAMERA, ...SCREEN, ...LOCATION, ...SMS],
  macos: [...CANVAS, ...CAMERA, ...SCREEN, ...LOCATION, ...SYSTEM],
  linux: SYSTEM,
  windows: SYSTEM,
  unknown: [...CANVAS, ...CAMERA, ...SCREEN, ...LOCATION, ...SMS, ...SYSTEM],
};

/** The platform family of a node, from its `client.platform` or else its device family. */
export function nodePlatformFamily(platform: string | undefined, deviceFamily: string | undefined): string {
  const raw = (platform ?? "").trim().toLowerCase();
  for (const [prefix, family] of [
    ["ios", "ios"],
    ["android", "android"],
    ["mac", "macos"],
    ["darwin", "macos"],
    ["win", "windows"],
    ["linux", "linux"],
  ] as const) {
    if (raw.startsWith(prefix)) return family;
  }
  const fam = (deviceFamily ?? "").trim().toLowerCase();
  if (fam.includes("iphone") || fam.includes("ipad") || fam.includes("ios")) return "ios";
  for (const family of ["android", "mac", "windows", "linux"]) if (fam.includes(family)) return family === "mac" ? "macos" : family;
  return "unknown";
}

/** Extra allowed and denied commands (gateway.nodes.allowCommands / denyCommands). */
export interface NodeCommandPolicyOptions {
  allowCommands?: readonly string[] | undefined;
  denyCommands?: readonly string[] | undefined;
}

/** Builds the allow check: one set per platform family, computed once. */
export function createNodeCommandPolicy(
  options: NodeCommandPolicyOptions = {},
): (platform: string | undefined, deviceFamily: string | undefined, command: string) => boolean {
  const deny = new Set((options.denyCommands ?? []).map((c) => c.trim()).filter(Boolean));
  const cache = new Map<string, Set<string>>();
  const allowlist = (family: string): Set<string> => {
    let set = cache.get(family);
    if (!set) {
      set = new Set([...(NODE_PLATFORM_COMMANDS[family] ?? []), ...(options.allowCommands ?? [])].map((c) => c.trim()).filter((c) => c && !deny.has(c)));
      cache.set(family, set);
    }
    return set;
  };
  return (platform, deviceFamily, command) => allowlist(nodePlatformFamily(platform, deviceFamily)).has(command.trim());
}
