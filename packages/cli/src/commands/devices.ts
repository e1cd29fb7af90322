// `clawd devices list|approve|reject|revoke`: device pairing on a running gateway, as a
// paired device itself (device.pair.* / device.token.revoke need operator.pairing or admin).
import { commandHint } from "../command-hint.js";
import { UsageError } from "../cli-error.js";
import type { CommandRun } from "../context.js";
import { readString } from "../gateway/flags.js";
import { runRpc } from "../rpc/rpc.js";
import { renderTable } from "../output/text-table.js";

interface Pending {
  requestId: string;
  deviceId: string;
  displayName?: string;
  clientId?: string;
  role?: string;
  remoteIp?: string;
  isRepair?: boolean;
  ts: number;
}
interface Paired {
  deviceId: string;
  displayName?: string;
  clientId?: string;
  roles?: string[];
  scopes?: string[];
  remoteIp?: string;
  approvedAtMs: number;
  tokens?: { role: string; revokedAtMs?: number }[];
}

/** "3m ago" style age of a timestamp. */
export function formatAge(ms: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)}m ago`;
  if (s < 86_400) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86_400)}d ago`;
}
const short = (id: string) => `${id.slice(0, 12)}…`;

/** `clawd devices list`: pending requests and paired devices. */
export const list: CommandRun = async (ctx, _args, options) => {
  const { setup, out, result } = await runRpc(ctx, options, "device.pair.list", {}, "Listing devices failed", { asDevice: true });
  if (setup.json) {
    out.raw(JSON.stringify(result));
    return 0;
  }
  const { pending, paired } = result as { pending: Pending[]; paired: Paired[] };
  out.raw(`Pending (${pending.length})`);
  if (pending.length > 0) {
    out.raw(
      renderTable(
        ["request", "device", "name", "client", "role", "ip", "asked"],
        pending.map((p) => [
          p.requestId,
          short(p.deviceId),
          p.displayName ?? "",
          p.clientId ?? "",
          `${p.role ?? ""}${p.isRepair ? " (upgrade)" : ""}`,
          p.remoteIp ?? "",
          formatAge(p.ts),
        ]),
      ),
    );
    out.raw(`Approve with: ${commandHint(ctx.profile, "devices approve <request>")}`);
  }
  out.raw(`\nPaired (${paired.length})`);
  if (paired.length > 0) {
    out.raw(
      renderTable(
        ["device", "name", "client", "roles", "scopes", "tokens", "approved"],
        paired.map((d) => [
          d.deviceId,
          d.displayName ?? "",
          d.clientId ?? "",
          (d.roles ?? []).join(","),
          (d.scopes ?? []).join(","),
          (d.tokens ?? []).map((t) => `${t.role}${t.revokedAtMs ? " (revoked)" : ""}`).join(","),
          formatAge(d.approvedAtMs),
        ]),
      ),
    );
  }
  return 0;
};

const requestIdArg = (args: string[], verb: string, profile: string | undefined): string => {
  const id = args[0]?.trim();
  if (!id) throw new UsageError([`clawd devices ${verb} needs a request id.`, `See pending requests with: ${commandHint(profile, "devices list")}`]);
  return id;
};

/** `clawd devices approve <requestId>`. */
export const approve: CommandRun = async (ctx, args, options) => {
  const requestId = requestIdArg(args, "approve", ctx.profile);
  const { setup, out, result } = await runRpc(ctx, options, "device.pair.approve", { requestId }, `Approving ${requestId} failed`, { asDevice: true });
  const device = (result as { device: Paired }).device;
  if (setup.json) out.raw(JSON.stringify(result));
  else out.success(`Approved ${device.deviceId}${device.displayName ? ` (${device.displayName})` : ""} as ${(device.roles ?? []).join(", ")}`);
  return 0;
};

/** `clawd devices reject <requestId>`. */
export const reject: CommandRun = async (ctx, args, options) => {
  const requestId = requestIdArg(args, "reject", ctx.profile);
  const { setup, out, result } = await runRpc(ctx, options, "device.pair.reject", { requestId }, `Rejecting ${requestId} failed`, { asDevice: true });
  if (setup.json) out.raw(JSON.stringify(result));
  else out.success(`Rejected ${(result as { deviceId: string }).deviceId}`);
  return 0;
};

/** `clawd devices revoke <deviceId> --role <role>`: the device's token stops working. */
export const revoke: CommandRun = async (ctx, args, options) => {
  const deviceId = args[0]?.trim();
  const role = readString(options, "role", "--role");
  if (!deviceId || !role)
    throw new UsageError([
      "clawd devices revoke needs a device id and --role (operator or node).",
      `Example: ${commandHint(ctx.profile, "devices revoke 82f9e5e8… --role node")}`,
    ]);
  const { setup, out, result } = await runRpc(ctx, options, "device.token.revoke", { deviceId, role }, `Revoking ${role} token of ${deviceId} failed`, {
    asDevice: true,
  });
  if (setup.json) out.raw(JSON.stringify(result));
  else out.success(`Revoked the ${role} token of ${deviceId}`);
  return 0;
};
