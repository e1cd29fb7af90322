import type { CommandRun } from "./context.js";

/** One flag as cac declares it, with the default shown in `--help`. */
export interface OptionSpec {
  flags: string;
  description: string;
  default?: string | number | boolean;
}

/** One runnable command; its module is imported only when it runs. */
export interface ActionSpec {
  /** Name after the group (`health`); "" for the group's default action. */
  name: string;
  /** Positional args in cac syntax (`<method>`, `[key]`). */
  args?: string;
  description: string;
  options: OptionSpec[];
  load: () => Promise<{ run: CommandRun }>;
}

/** A top-level command (`gateway`, `config`, …) and its actions. */
export interface CommandGroup {
  name: string;
  description: string;
  actions: ActionSpec[];
}

const PROFILE_OPTION: OptionSpec = { flags: "--profile <name>", description: "Profile to use: state in ~/.clawd-<name>", default: "default" };

const RPC_OPTIONS: OptionSpec[] = [
  { flags: "--url <url>", description: "Gateway WebSocket URL", default: "gateway.remote.url (remote mode) or ws://127.0.0.1:<port>" },
  {
    flags: "--port <port>",
    description: "Local gateway port (ws://127.0.0.1:<port>)",
    default: "CLAWD_GATEWAY_PORT, a running gateway's port, the installed service's port, gateway.port or 18789",
  },
  { flags: "--token <token>", description: "Gateway token", default: "gateway.auth.token or CLAWD_GATEWAY_TOKEN" },
  { flags: "--password <password>", description: "Gateway password", default: "gateway.auth.password or CLAWD_GATEWAY_PASSWORD" },
  { flags: "--timeout <ms>", description: "Time limit for connect + request, in milliseconds", default: 10000 },
  { flags: "--json", description: "Print JSON only", default: false },
];

const SERVICE_OPTIONS: OptionSpec[] = [{ flags: "--json", description: "Print JSON only", default: false }];

const GATEWAY_RUN_OPTIONS: OptionSpec[] = [
  { flags: "--port <port>", description: "Port to listen on (1-65535)", default: "CLAWD_GATEWAY_PORT, gateway.port or 18789" },
  { flags: "--bind <mode>", description: "loopback | lan | tailnet | auto | custom", default: "gateway.bind or loopback" },
  { flags: "--host <ip>", description: "Address for --bind custom", default: "gateway.customBindHost" },
  { flags: "--token <token>", description: "Shared token clients must present", default: "gateway.auth.token or CLAWD_GATEWAY_TOKEN" },
  { flags: "--password <password>", description: "Shared password clients must present", default: "gateway.auth.password or CLAWD_GATEWAY_PASSWORD" },
  { flags: "--auth <mode>", description: "none | token | password", default: "gateway.auth.mode, else from the secrets set" },
  { flags: "--tailscale <mode>", description: "off | serve | funnel", default: "gateway.tailscale.mode or off" },
  { flags: "--tailscale-reset-on-exit", description: "Remove the Tailscale mapping on exit", default: "gateway.tailscale.resetOnExit or false" },
  { flags: "--allow-unconfigured", description: "Start even if gateway.mode is not local", default: false },
  {
    flags: "--plugin <module>",
    description: "Load this plugin too (repeatable; a path relative to the current folder, or a package name)",
    default: "the config's plugins list",
  },
  { flags: "--dev", description: "Use the dev profile (~/.clawd-dev), creating it if missing; reload on config change", default: false },
  { flags: "--reset", description: "With --dev: remove the dev config, credentials, sessions and workspace first", default: false },
  { flags: "--force", description: "Free the port first (SIGTERM, then SIGKILL) after validation", default: false },
  { flags: "--verbose", description: "Print debug lines", default: false },
  { flags: "--log-format <format>", description: "pretty | json", default: "pretty" },
];

const gatewayRun: ActionSpec = {
  name: "",
  description: "Run the gateway in the foreground (also: clawd gateway run)",
  options: GATEWAY_RUN_OPTIONS,
  load: () => import("./commands/gateway-run.js"),
};

/**
 * Every command the bin knows. Adding one is one entry here.
 */
export const COMMAND_GROUPS: CommandGroup[] = [
  {
    name: "gateway",
    description: "Run the gateway, or talk to a running one",
    actions: [
      gatewayRun,
      { name: "health", description: "Check that the gateway answers", options: RPC_OPTIONS, load: () => import("./commands/gateway-health.js") },
      {
        name: "call",
        args: "<method>",
        description: "Call a gateway method and print the result",
        options: [{ flags: "--params <json>", description: "Method params as a JSON object", default: "{}" }, ...RPC_OPTIONS],
        load: () => import("./commands/gateway-call.js"),
      },
      {
        name: "probe",
        description: "Try every reachable gateway (loopback, gateway.remote.url, --url) and report each",
        options: RPC_OPTIONS.map((o) => (o.flags.startsWith("--timeout") ? { ...o, description: "Time limit per target, in milliseconds", default: 3000 } : o)),
        load: () => import("./commands/gateway-probe.js"),
      },
      {
        name: "status",
        description: "Show the service's state and probe the gateway over RPC",
        options: [...RPC_OPTIONS, { flags: "--no-probe", description: "Skip the RPC probe", default: false }],
        load: () => import("./commands/gateway-status.js"),
      },
      {
        name: "install",
        description: "Install the gateway as a per-user service (systemd, launchd or schtasks) and start it",
        options: [
          { flags: "--port <port>", description: "Port the service listens on", default: "CLAWD_GATEWAY_PORT, gateway.port or 18789" },
          { flags: "--token <token>", description: "Store this token in the config (0600); never in the service file", default: "gateway.auth.token" },
          { flags: "--force", description: "Rewrite the service file even if it is up to date", default: false },
          { flags: "--linger", description: "Linux: enable lingering so the gateway runs without a login session", default: false },
          { flags: "--json", description: "Print JSON only", default: false },
        ],
        load: () => import("./commands/gateway-install.js"),
      },
      {
        name: "start",
        description: "Start the installed service",
        options: SERVICE_OPTIONS,
        load: async () => ({ run: (await import("./commands/gateway-service-action.js")).start }),
      },
      {
        name: "stop",
        description: "Stop the service (it stays installed and can be started again)",
        options: SERVICE_OPTIONS,
        load: async () => ({ run: (await import("./commands/gateway-service-action.js")).stop }),
      },
      {
        name: "restart",
        description: "Restart the service",
        options: SERVICE_OPTIONS,
        load: async () => ({ run: (await import("./commands/gateway-service-action.js")).restart }),
      },
      {
        name: "uninstall",
        description: "Stop the service and remove the files it wrote",
        options: SERVICE_OPTIONS,
        load: () => import("./commands/gateway-uninstall.js"),
      },
    ],
  },
  {
    name: "dashboard",
    description: "Print the dashboard's URL (the secret in its #fragment) and open it in a browser",
    actions: [
      {
        name: "",
        description: "Print and open the dashboard URL",
        options: [
          { flags: "--no-open", description: "Only print the URL", default: false },
          ...RPC_OPTIONS.map((o) =>
            o.flags.startsWith("--timeout")
              ? { ...o, description: "Time limit for checking that the gateway serves the page, in milliseconds", default: 2000 }
              : o,
          ),
        ],
        load: () => import("./commands/dashboard.js"),
      },
    ],
  },
  {
    name: "devices",
    description: "Pair devices (node hosts, apps, other CLIs) with a running gateway",
    actions: [
      {
        name: "list",
        description: "Show pending pairing requests and paired devices",
        options: RPC_OPTIONS,
        load: async () => ({ run: (await import("./commands/devices.js")).list }),
      },
      {
        name: "approve",
        args: "<requestId>",
        description: "Approve a pending request",
        options: RPC_OPTIONS,
        load: async () => ({ run: (await import("./commands/devices.js")).approve }),
      },
      {
        name: "reject",
        args: "<requestId>",
        description: "Reject a pending request",
        options: RPC_OPTIONS,
        load: async () => ({ run: (await import("./commands/devices.js")).reject }),
      },
      {
        name: "revoke",
        args: "<deviceId>",
        description: "Revoke a device's token for one role (it must pair again to get a new one remotely)",
        options: [{ flags: "--role <role>", description: "operator | node" }, ...RPC_OPTIONS],
        load: async () => ({ run: (await import("./commands/devices.js")).revoke }),
      },
    ],
  },
  {
    name: "nodes",
    description: "See and use the gateway's device nodes",
    actions: [
      {
        name: "list",
        description: "Paired and connected nodes",
        options: RPC_OPTIONS,
        load: async () => ({ run: (await import("./commands/nodes.js")).list }),
      },
      {
        name: "describe",
        args: "<node>",
        description: "One node (id, id prefix, name or IP)",
        options: RPC_OPTIONS,
        load: async () => ({ run: (await import("./commands/nodes.js")).describe }),
      },
      {
        name: "invoke",
        args: "<node> <command>",
        description: "Run a command on a node and print its result",
        options: [
          { flags: "--params <json>", description: "Command params as a JSON object", default: "{}" },
          { flags: "--invoke-timeout <ms>", description: "How long the node has to answer", default: 30000 },
          { flags: "--idempotency-key <key>", description: "Retries with the same key get the first result", default: "random" },
          ...RPC_OPTIONS,
        ],
        load: async () => ({ run: (await import("./commands/nodes.js")).invoke }),
      },
      {
        name: "approvals",
        description: "Print exec approval requests (e.g. from nodes run) as they arrive",
        options: RPC_OPTIONS.map((o) => (o.flags.startsWith("--timeout") ? { ...o, description: "How long to watch, in milliseconds", default: 120000 } : o)),
        load: async () => ({ run: (await import("./commands/nodes-approvals.js")).watch }),
      },
      {
        name: "approve-exec",
        args: "<approvalId>",
        description: "Answer an exec approval request",
        options: [{ flags: "--decision <decision>", description: "allow-once | allow-always | deny", default: "allow-once" }, ...RPC_OPTIONS],
        load: async () => ({ run: (await import("./commands/nodes-approvals.js")).approve }),
      },
    ],
  },
  {
    name: "approvals",
    description: "The exec approvals file (policy and allowlists) of the gateway, or of a node with --node",
    actions: [
      {
        name: "get",
        description: "Show the defaults and each agent's allowlist",
        options: [
          { flags: "--node <node>", description: "A node's file instead of the gateway's (id, id prefix, name or IP)", default: "the gateway" },
          ...RPC_OPTIONS,
        ],
        load: async () => ({ run: (await import("./commands/approvals.js")).get }),
      },
      {
        name: "allow",
        args: "<pattern>",
        description: "Add a path glob to an agent's allowlist (saved only if nobody changed the file since it was read)",
        options: [
          { flags: "--agent <id>", description: 'Agent whose allowlist changes ("*": every agent)', default: "*" },
          { flags: "--node <node>", description: "A node's file instead of the gateway's (id, id prefix, name or IP)", default: "the gateway" },
          ...RPC_OPTIONS,
        ],
        load: async () => ({ run: (await import("./commands/approvals.js")).allow }),
      },
      {
        name: "remove",
        args: "<pattern>",
        description: "Take a path glob off an agent's allowlist",
        options: [
          { flags: "--agent <id>", description: 'Agent whose allowlist changes ("*": every agent)', default: "*" },
          { flags: "--node <node>", description: "A node's file instead of the gateway's (id, id prefix, name or IP)", default: "the gateway" },
          ...RPC_OPTIONS,
        ],
        load: async () => ({ run: (await import("./commands/approvals.js")).remove }),
      },
    ],
  },
  {
    name: "node",
    description: "Run this machine as a node of a gateway",
    actions: [
      {
        name: "run",
        description: "A headless node host: system.which, and system.run for allow-listed programs (others need an operator's approval)",
        options: [
          { flags: "--display-name <name>", description: "Name shown in nodes list", default: "none" },
          { flags: "--allow <program>", description: "Program system.run may start without approval (repeatable)", default: "none" },
          ...RPC_OPTIONS.filter((o) => !o.flags.startsWith("--json")),
        ],
        load: async () => ({ run: (await import("./commands/node-run.js")).runNode }),
      },
    ],
  },
  {
    name: "onboard",
    description: "Set up the gateway config (interactive, or --non-interactive with flags)",
    actions: [
      {
        name: "",
        description: "Set up the gateway config",
        options: [
          { flags: "--non-interactive", description: "Use the flags below instead of asking", default: false },
          { flags: "--mode <mode>", description: "local | remote", default: "local" },
          { flags: "--port <port>", description: "Gateway port", default: 18789 },
          { flags: "--bind <mode>", description: "loopback | lan | tailnet | auto | custom", default: "loopback" },
          { flags: "--auth <mode>", description: "none | token | password", default: "token with --generate-token, else none" },
          { flags: "--token <token>", description: "Token to store in gateway.auth.token", default: "none" },
          { flags: "--password <password>", description: "Password to store in gateway.auth.password", default: "none" },
          { flags: "--generate-token", description: "Generate a strong token (printed once)", default: false },
          { flags: "--remote-url <url>", description: "gateway.remote.url for --mode remote", default: "none" },
        ],
        load: () => import("./commands/onboard.js"),
      },
    ],
  },
  {
    name: "doctor",
    description: "Check Node, transport, config, port and Tailscale; print a fix for each problem",
    actions: [
      {
        name: "",
        description: "Run the checks",
        options: [
          { flags: "--fix", description: "Repair what is safe: create a missing state dir, config mode 0600, rewrite a stale service file", default: false },
          { flags: "--json", description: "Print JSON only", default: false },
        ],
        load: () => import("./commands/doctor.js"),
      },
    ],
  },
  {
    name: "status",
    description: "One screen: service, gateway (RPC probe, version, transport), port, bind/auth, config and log paths",
    actions: [{ name: "", description: "Show the gateway's status", options: RPC_OPTIONS, load: () => import("./commands/status.js") }],
  },
  {
    name: "logs",
    description: "Show the gateway's log (through the running gateway, else from the log file)",
    actions: [
      {
        name: "",
        description: "Print the last log lines; --follow keeps printing new ones",
        options: [
          { flags: "-f, --follow", description: "Keep printing new lines until Ctrl+C", default: false },
          { flags: "--limit <n>", description: "How many of the last lines to print (1-5000)", default: 200 },
          { flags: "--level <level>", description: "Show this level and above: trace | debug | info | success | warn | error | fatal", default: "debug" },
          { flags: "--interval <ms>", description: "How often --follow asks for new lines, in milliseconds", default: 1000 },
          ...RPC_OPTIONS.map((o) => (o.flags === "--json" ? { ...o, description: "One JSON object per line ({time, level, message})" } : o)),
        ],
        load: () => import("./commands/logs.js"),
      },
    ],
  },
  {
    name: "plugins",
    description: "Gateway plugins declared in the config",
    actions: [
      {
        name: "list",
        description: "Show each declared plugin and whether it loads (exit 1 when one does not)",
        options: [{ flags: "--json", description: "Print JSON only", default: false }],
        load: () => import("./commands/plugins-list.js"),
      },
    ],
  },
  {
    name: "config",
    description: "Read and change the config file",
    actions: [
      {
        name: "get",
        args: "[key]",
        description: "Print a value (dotted key), or the whole config; secrets show as __CLAWD_REDACTED__",
        options: [
          { flags: "--json", description: "Print JSON", default: false },
          { flags: "--show-secrets", description: "Print secret values (tokens, passwords) as stored", default: false },
        ],
        load: () => import("./commands/config-get.js"),
      },
      {
        name: "set",
        args: "<key> <value>",
        description: "Set a value (parsed as JSON when possible); validated before writing",
        options: [],
        load: () => import("./commands/config-set.js"),
      },
      { name: "unset", args: "<key>", description: "Remove a value", options: [], load: () => import("./commands/config-unset.js") },
      { name: "path", description: "Print the config file's path", options: [], load: () => import("./commands/config-path.js") },
    ],
  },
];

/** Options every command accepts (shown in each help). */
export const GLOBAL_OPTIONS: OptionSpec[] = [PROFILE_OPTION];
