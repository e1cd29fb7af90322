// Outputs shaped like macOS 14's launchctl, for parser tests and the fake launchctl.
import type { FakeBehaviour, FakeRule } from "@clawd/test-kit/fake-bin";

/** `launchctl print` of a running agent; nested blocks repeat `state`, `pid` and `path`. */
export function printRunning(label: string, uid: number, pid = 4242, plistPath = `/Users/me/Library/LaunchAgents/${label}.plist`): string {
  return `gui/${uid}/${label} = {
\tactive count = 1
\tpath = ${plistPath}
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
export function printWaiting(label: string, uid: number, plistPath = `/Users/me/Library/LaunchAgents/${label}.plist`): string {
  return `gui/${uid}/${label} = {
\tactive count = 0
\tpath = ${plistPath}
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

/** `launchctl print` of a job launchd is still tearing down after bootout (SIGTERM sent). */
export function printStopping(label: string, uid: number, plistPath: string, pid = 4242): string {
  return `gui/${uid}/${label} = {
\tactive count = 1
\tpath = ${plistPath}
\ttype = LaunchAgent
\tstate = running
\tpid = ${pid}
\timmediate reason = speculative
\tlast exit code = (never exited)
\tjob state = exiting
}
`;
}

/** Bootstrap of a label that `launchctl disable` marked disabled. */
export const BOOTSTRAP_DISABLED = { stderr: "Bootstrap failed: 119: Service is disabled\n", code: 119 };

/** What the fake launchctl models beyond loading and unloading one label. */
export interface LaunchctlFakeOptions {
  loaded?: boolean;
  /** The plist path `print` reports (launchd's `path = …`); default a /Users/me path. */
  plistPath?: string;
  /** How many `print` calls still show a booted-out job while launchd tears it down (default 3). */
  teardownPrints?: number;
  /** The job crash-loops: print says `spawn scheduled`, `last exit code = 78: EX_CONFIG`. */
  crashLoop?: boolean;
}

/**
 * A stateful fake launchctl for one label, modelled on what bit users of the original:
 * bootout returns at once but `print` keeps showing the job for a few calls while launchd
 * tears it down, and bootstrap fails with 5: Input/output error until it is gone; `kickstart
 * -k` gives the job a new pid; `disable` makes bootstrap fail with 119 until `enable`.
 */
export function launchctlBehaviour(label: string, uid: number, options: LaunchctlFakeOptions = {}): FakeBehaviour {
  const target = `gui/${uid}/${label}`;
  const domain = `gui/${uid}`;
  const plistPath = options.plistPath ?? `/Users/me/Library/LaunchAgents/${label}.plist`;
  const steps = options.teardownPrints ?? 3;
  const tearing = (i: number) => `tearing${i}`;
  const teardown = Array.from({ length: steps }, (_, i) => ({
    argv: ["print", target],
    when: { [tearing(i)]: "1" },
    stdout: printStopping(label, uid, plistPath),
    set: { [tearing(i)]: null, ...(i + 1 < steps ? { [tearing(i + 1)]: "1" } : {}) },
  }));
  const bootstrapWhileTearing = Array.from({ length: steps }, (_, i) => ({ argv: ["bootstrap", domain, "*"], when: { [tearing(i)]: "1" }, ...BOOTSTRAP_EIO }));
  const loadedPrint: FakeRule[] = options.crashLoop
    ? [{ argv: ["print", target], when: { loaded: "1" }, stdout: printWaiting(label, uid, plistPath) }]
    : [
        { argv: ["print", target], when: { loaded: "1", gen: "2" }, stdout: printRunning(label, uid, 4343, plistPath) },
        { argv: ["print", target], when: { loaded: "1" }, stdout: printRunning(label, uid, 4242, plistPath) },
      ];
  return {
    state: options.loaded ? { loaded: "1" } : {},
    rules: [
      ...loadedPrint,
      ...teardown,
      { argv: ["print", target], ...notFound(label, uid) },
      { argv: ["bootout", target], when: { loaded: "1" }, set: { loaded: null, gen: null, ...(steps > 0 ? { [tearing(0)]: "1" } : {}) } },
      { argv: ["bootout", target], stderr: "Boot-out failed: 3: No such process\n", code: 3 },
      { argv: ["enable", target], set: { disabled: null } },
      { argv: ["disable", target], set: { disabled: "1" } },
      ...bootstrapWhileTearing,
      { argv: ["bootstrap", domain, "*"], when: { loaded: "1" }, ...BOOTSTRAP_EIO },
      { argv: ["bootstrap", domain, "*"], when: { disabled: "1" }, ...BOOTSTRAP_DISABLED },
      { argv: ["bootstrap", domain, "*"], set: { loaded: "1" } },
      { argv: ["kickstart", "-k", target], when: { loaded: "1", gen: "2" }, set: { gen: null } },
      { argv: ["kickstart", "-k", target], when: { loaded: "1" }, set: { gen: "2" } },
      { argv: ["kickstart", target], when: { loaded: "1" } },
      { argv: ["kickstart", "**"], ...notFound(label, uid) },
    ],
  };
}
