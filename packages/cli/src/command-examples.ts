// The Examples section of every `--help`: a few commands users actually type, per action.
// Keys are `<group> <action>` (`<group>` alone for a group's default action); a group's own
// help lists the first example of each of its actions; `clawd --help` shows TOP_LEVEL_EXAMPLES.

/** `clawd --help`: the path from nothing to a running, watched gateway. */
export const TOP_LEVEL_EXAMPLES = [
  "clawd onboard",
  "clawd gateway install",
  "clawd status",
  "clawd logs -f",
  "clawd dashboard",
  "clawd --profile work gateway --port 19002",
];

/** Examples per action. */
export const COMMAND_EXAMPLES: Record<string, string[]> = {
  gateway: [
    "clawd gateway",
    "clawd gateway --port 19002 --verbose",
    "clawd gateway --dev --reset",
    'clawd gateway --bind lan --token "$(openssl rand -hex 24)"',
    "clawd gateway --force",
  ],
  "gateway health": ["clawd gateway health", "clawd gateway health --port 19002 --json", "clawd gateway health --url wss://gw.example.ts.net --token <token>"],
  "gateway call": ["clawd gateway call status", "clawd gateway call logs.tail --params '{\"limit\":20}' --json"],
  "gateway probe": ["clawd gateway probe", "clawd gateway probe --url ws://192.168.1.20:18789 --json"],
  "gateway status": ["clawd gateway status", "clawd gateway status --no-probe --json"],
  "gateway install": ["clawd gateway install", "clawd gateway install --port 19002 --token <token>", "clawd gateway install --force --linger"],
  "gateway start": ["clawd gateway start"],
  "gateway stop": ["clawd gateway stop", "clawd --profile work gateway stop"],
  "gateway restart": ["clawd gateway restart --json"],
  "gateway uninstall": ["clawd gateway uninstall"],
  "devices list": ["clawd devices list", "clawd devices list --json"],
  "devices approve": ["clawd devices approve <requestId>"],
  "devices reject": ["clawd devices reject <requestId>"],
  "devices revoke": ["clawd devices revoke <deviceId> --role operator"],
  "nodes list": ["clawd nodes list", "clawd nodes list --json"],
  "nodes describe": ["clawd nodes describe my-laptop"],
  "nodes invoke": ['clawd nodes invoke my-laptop system.which --params \'{"bins":["git"]}\''],
  "nodes approvals": ["clawd nodes approvals --timeout 600000"],
  "nodes approve-exec": ["clawd nodes approve-exec <approvalId> --decision allow-once"],
  "approvals get": ["clawd approvals get", "clawd approvals get --node my-laptop --json"],
  "approvals allow": ["clawd approvals allow /usr/bin/uname --agent main", "clawd approvals allow '~/bin/*' --node my-laptop"],
  "approvals remove": ["clawd approvals remove /usr/bin/uname --agent main"],
  "node run": ["clawd node run --display-name build-box --allow /usr/bin/git", "clawd node run --url wss://gw.example.ts.net --token <token>"],
  onboard: [
    "clawd onboard",
    "clawd onboard --non-interactive --generate-token",
    "clawd onboard --non-interactive --mode remote --remote-url wss://gw.example.ts.net --token <token>",
  ],
  dashboard: ["clawd dashboard", "clawd dashboard --no-open", "clawd dashboard --port 19002"],
  doctor: ["clawd doctor", "clawd doctor --fix", "clawd doctor --json"],
  status: ["clawd status", "clawd status --json", "clawd --profile work status"],
  logs: ["clawd logs", "clawd logs -f --level warn", "clawd logs --limit 50 --json"],
  "plugins list": ["clawd plugins list", "clawd plugins list --json"],
  "config get": ["clawd config get", "clawd config get gateway.port", "clawd config get gateway.auth.token --show-secrets"],
  "config set": ["clawd config set gateway.mode local", "clawd config set gateway.port 19002"],
  "config unset": ["clawd config unset gateway.auth.password"],
  "config path": ["clawd config path"],
};

/** The examples of one action (empty when none are written: the table test catches that). */
export function examplesFor(group: string, action: string): string[] {
  return COMMAND_EXAMPLES[action ? `${group} ${action}` : group] ?? [];
}
