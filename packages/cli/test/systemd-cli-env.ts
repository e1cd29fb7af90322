// The environment a `clawd` run gets in a systemd --user sandbox.
import type { SystemdSandbox } from "@clawd/test-kit/systemd-sandbox";

/** The test's own environment without CLAWD/colour settings, pointed at the sandbox's home and user manager, so the CLI installs into the sandbox only. */
export function systemdCliEnv(sbx: SystemdSandbox): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^CLAWD|^CLAWDBOT|^FORCE_COLOR/.test(k)) env[k] = v;
  return Object.assign(env, { HOME: sbx.home, XDG_RUNTIME_DIR: sbx.runtimeDir, NO_COLOR: "1", USER: "root" });
}
