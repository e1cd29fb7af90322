// Outputs shaped like macOS 14's launchctl, for parser tests and the fake launchctl.
import type { FakeBehaviour } from "@clawd/test-kit/fake-bin";

/** `launchctl print` of a running agent; nested blocks repeat `state`, `pid` and `path`. */
export function printRunning(label: string, uid: number, pid = 4242): string {
  return `gui/${uid}/${label} = {
\tactive count = 1
\tpath = /Users/me/Library/LaunchAgents/${label}.plist
\ttype = LaunchAgent
\tstate = running

\tprogram = /opt/homebrew/bin/node
\targuments = {
\t\t/opt/homebrew/bin/node
\t\t/Users/me/clawd/dist/cli.js
\t\tgateway
\t\tstate = waiting
\t}

\tworking directory = /Users/me

\tstdout path = /Users/me/.clawd/logs/gateway.log
\tstderr path = /Users/me/.clawd/logs/gateway.err.log
\tinherited environment = {
\t\tSSH_AUTH_SOCK => /private/tmp/com.apple.launchd.x/Listeners
\t}

\tdefault environment = {
\t\tPATH => /usr/bin:/bin:/usr/sbin:/sbin
\t}

\tenvironment = {
\t\tPATH => /opt/homebrew/bin:/usr/local/bin:/usr/bin:/bin
\t\tXPC_SERVICE_NAME => ${label}
\t}

\tdomain = gui/${uid} [100005]
\tasid = 100005
\tminimum runtime = 5
\texit timeout = 5
\truns = 3
\tpid = ${pid}
\timmediate reason = speculative
\tforks = 0
\texecs = 1
\tinitialized = 1
\ttrampolined = 1
\tstarted suspended = 0
\tproxy started suspended = 0
\tlast exit code = 1

\tspawn type = daemon (3)
\tjetsam priority = 40
\tendpoints = {
\t\t"com.example.helper" = {
\t\t\tport = 0x1a03
\t\t\tstate = active
\t\t\tpid = 999
\t\t}
\t}

\tproperties = keepalive | runatload | inferred program
}
`;
}

/** `launchctl print` of a loaded agent that is waiting to be restarted after a crash. */
export function printWaiting(label: string, uid: number): string {
  return `gui/${uid}/${label} = {
\tactive count = 0
\tpath = /Users/me/Library/LaunchAgents/${label}.plist
\tstate = spawn scheduled
\truns = 7
\tlast exit code = 78: EX_CONFIG
\tlast terminating signal = Terminated: 15
\tendpoints = {
\t\tstate = running
\t\tpid = 31337
\t}
}
`;
}

/** launchctl's answer for a label that is not loaded (exit 113). */
export function notFound(label: string, uid: number): { stderr: string; code: number } {
  return { stderr: `Bad request.\nCould not find service "${label}" in domain for user gui: ${uid}\n`, code: 113 };
}

/** Bootstrap right after bootout (or of an already-loaded job). */
export const BOOTSTRAP_EIO = { stderr: "Bootstrap failed: 5: Input/output error\nTry re-running the command as root for richer errors.\n", code: 5 };
/** Bootstrap into gui/<uid> from an ssh session with nobody logged in at the Mac. */
export const BOOTSTRAP_NO_GUI = { stderr: "Bootstrap failed: 125: Domain does not support specified action\n", code: 125 };

/**
 * A stateful fake launchctl for one label: bootout unloads (and makes the next bootstrap fail
 * once with 5: Input/output error, as launchd does while it tears the job down), bootstrap
 * loads, print/kickstart answer by the loaded state.
 */
export function launchctlBehaviour(label: string, uid: number, options: { loaded?: boolean } = {}): FakeBehaviour {
  const target = `gui/${uid}/${label}`;
  const domain = `gui/${uid}`;
  return {
    state: options.loaded ? { loaded: "1" } : {},
    rules: [
      { argv: ["print", target], when: { loaded: "1" }, stdout: printRunning(label, uid) },
      { argv: ["print", target], ...notFound(label, uid) },
      { argv: ["bootout", target], when: { loaded: "1" }, set: { loaded: null, justBootedOut: "1" } },
      { argv: ["bootout", target], stderr: "Boot-out failed: 3: No such process\n", code: 3 },
      { argv: ["enable", target] },
      { argv: ["bootstrap", domain, "*"], when: { justBootedOut: "1" }, ...BOOTSTRAP_EIO, set: { justBootedOut: null } },
      { argv: ["bootstrap", domain, "*"], when: { loaded: "1" }, ...BOOTSTRAP_EIO },
      { argv: ["bootstrap", domain, "*"], set: { loaded: "1" } },
      { argv: ["kickstart", "-k", target], when: { loaded: "1" } },
      { argv: ["kickstart", target], when: { loaded: "1" } },
      { argv: ["kickstart", "**"], ...notFound(label, uid) },
    ],
  };
}
