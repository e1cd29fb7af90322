import { commandHint } from "../command-hint.js";
import type { CommandRun } from "../context.js";
import { readBoolean } from "../gateway/flags.js";
import { browserCommand, launchBrowser } from "../util/browser-open.js";
import { whichOnPath } from "../util/path-lookup.js";
import { dashboardLink, httpBaseFromWsUrl } from "../gateway/dashboard-url.js";
import { createOutput } from "../output/output.js";
import { setupRpc } from "../rpc/rpc.js";
import { resolveRpcTarget } from "../rpc/rpc-target.js";

/** How long the check that the gateway serves the page may take, in milliseconds (--timeout). */
export const DASHBOARD_CHECK_TIMEOUT_MS = 2000;

/** `clawd dashboard`: prints the dashboard URL (secret in the fragment) and opens it unless --no-open. */
export const run: CommandRun = async (ctx, _args, options) => {
  const setup = await setupRpc(ctx, options, DASHBOARD_CHECK_TIMEOUT_MS);
  const out = createOutput({ env: ctx.env });
  for (const w of setup.warnings) out.warn(w);
  const target = resolveRpcTarget(setup.config, setup.flags, ctx.env, setup.configPath);
  const link = dashboardLink(target.url, target);
  const base = httpBaseFromWsUrl(target.url);
  const served = await checkServed(base, setup.timeoutMs);
  const open = readBoolean(options, "open") !== false;
  const opener = open ? browserCommand(process.platform, ctx.env, whichOnPath(ctx.env)) : undefined;
  const opened = opener ? await launchBrowser(opener, link) : false;
  if (setup.json) {
    out.raw(JSON.stringify({ url: link, served, opened }, null, 2));
    return 0;
  }
  out.raw(`Dashboard: ${link}`);
  if (served === "no-dashboard")
    out.warn(`The gateway at ${base} answers but serves no dashboard: install @clawd/dashboard next to @clawd/cli and restart it.`);
  if (served === "unreachable")
    out.warn(`No gateway answers at ${base} yet: start one with ${commandHint(ctx.profile, "gateway")} (or ${commandHint(ctx.profile, "gateway start")}).`);
  if (open && !opener) out.info("No browser to open here (no display, or BROWSER=none): open the URL above on a machine that can reach the gateway.");
  else if (open && !opened) out.warn(`Could not start the browser (${opener?.command}): open the URL above.`);
  else if (opened) out.success("Opened in your browser.");
  return 0;
};

/** Whether the gateway answers `/` with the dashboard (the secret is never part of this request). */
async function checkServed(base: string, timeoutMs: number): Promise<"ok" | "no-dashboard" | "unreachable"> {
  try {
    const res = await fetch(base, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return res.status === 200 ? "ok" : "no-dashboard";
  } catch {
    return "unreachable";
  }
}
