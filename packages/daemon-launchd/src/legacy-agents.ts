// The original Clawdbot's gateway LaunchAgents. Left installed, that gateway starts at every
// login and competes with ours for the port; install and status point them out.
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { LegacyService } from "@clawd/daemon";

/** Gateway labels of the original: `com.clawdbot.gateway`, profiles `com.clawdbot.<p>`, and the older `com.steipete.clawdbot.gateway`. */
export const LEGACY_LAUNCH_AGENT_LABEL = /^(com\.clawdbot\.(?!node$)[^.]+|com\.steipete\.clawdbot\.gateway)$/;

/** One legacy agent: its label and plist. */
export interface LegacyLaunchAgent {
  label: string;
  plistPath: string;
}

/** The original's gateway agents in `<home>/Library/LaunchAgents` (none when the folder is missing). */
export async function findLegacyLaunchAgents(home: string): Promise<LegacyLaunchAgent[]> {
  const dir = path.join(home, "Library", "LaunchAgents");
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .filter((name) => name.endsWith(".plist") && LEGACY_LAUNCH_AGENT_LABEL.test(name.slice(0, -6)))
    .sort()
    .map((name) => ({ label: name.slice(0, -6), plistPath: path.join(dir, name) }));
}

/** The commands that remove one legacy agent (for the user to run). */
export function legacyAgentRemoveCommand(agent: LegacyLaunchAgent, uid: number): string {
  return `launchctl bootout gui/${uid}/${agent.label}; rm "${agent.plistPath}"`;
}

/** One legacy agent as status reports it. */
export function legacyAgentService(agent: LegacyLaunchAgent, uid: number): LegacyService {
  return { name: agent.label, label: "LaunchAgent", file: agent.plistPath, removeCommand: legacyAgentRemoveCommand(agent, uid) };
}

/** What to tell the user about one legacy agent, with the commands that remove it. */
export function legacyAgentHint(agent: LegacyLaunchAgent, uid: number): string {
  return `The original Clawdbot's LaunchAgent ${agent.label} is installed too and competes for the gateway port; remove it: ${legacyAgentRemoveCommand(agent, uid)}`;
}
