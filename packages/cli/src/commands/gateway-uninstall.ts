// `clawd gateway uninstall`: stop the service, wait for the port to be free, and remove
// only the files the service package wrote (it checks its own marker before deleting).
import { withProgress } from "../output/progress.js";
import { CliError } from "../cli-error.js";
import type { CommandRun } from "../context.js";
import { serviceCall, servicePort, setupServiceCommand } from "../service/service-context.js";
import { waitForPortFree } from "../service/service-wait.js";

export const run: CommandRun = async (ctx, _args, options) => {
  const sc = await setupServiceCommand(ctx, options);
  const { service, out } = sc;
  const port = await servicePort(sc);
  const before = await serviceCall(() => service.status());
  const { result, free } = await withProgress(
    `removing the gateway service (port ${port})`,
    async () => {
      if (before.state === "running") await serviceCall(() => service.stop());
      const removed = await serviceCall(() => service.uninstall());
      return { result: removed, free: before.state === "running" ? await waitForPortFree(port) : { ok: true, waitedMs: 0 } };
    },
    { quiet: sc.json },
  );
  if (sc.json) {
    out.raw(
      JSON.stringify(
        { ok: free.ok, action: "uninstall", result: result.result, removed: result.removed, notes: result.notes, port, portFree: free.ok },
        null,
        2,
      ),
    );
    return free.ok ? 0 : 1;
  }
  if (result.result === "not-installed") out.info(`The gateway service was not installed (${service.filePath}); nothing removed.`);
  for (const path of result.removed) out.success(`removed ${path}`);
  for (const note of result.notes) out.info(note);
  if (!free.ok) throw new CliError([`Port ${port} is still in use after the uninstall.`, `See who holds it: clawd-ports ${port}`]);
  if (result.result === "uninstalled") out.success(`uninstalled the ${service.label} service; port ${port} is free`);
  return 0;
};
