import { UsageError } from "../cli-error.js";
import { commandHint } from "../command-hint.js";
import { AUTH_MODES, type AuthMode, BIND_MODES, type BindMode, GATEWAY_MODES } from "../config/config-schema.js";
import { updateConfig } from "../config/config-store.js";
import type { CommandRun } from "../context.js";
import { setAtKey } from "../config/dotted-key.js";
import { parseChoice, parsePort, readBoolean, readString, type RawOptions } from "../gateway/flags.js";
import { createOutput } from "../output/output.js";
import { resolvePaths } from "../config/paths.js";
import { DEFAULT_GATEWAY_PORT } from "../gateway/default-ports.js";
import { generateToken } from "../gateway/token.js";

/** The answers onboarding writes. */
export interface OnboardAnswers {
  mode: "local" | "remote";
  port: number;
  bind: BindMode;
  auth: AuthMode;
  token?: string | undefined;
  password?: string | undefined;
  generatedToken: boolean;
  remoteUrl?: string | undefined;
}

/** Validates `--non-interactive` flags into answers (usage errors name the flag). */
export function answersFromFlags(options: RawOptions): OnboardAnswers {
  const mode = parseChoice(readString(options, "mode", "--mode") ?? "local", "--mode", GATEWAY_MODES);
  const rawPort = readString(options, "port", "--port");
  const bind = parseChoice(readString(options, "bind", "--bind") ?? "loopback", "--bind", BIND_MODES);
  const generate = readBoolean(options, "generateToken") ?? false;
  let token = readString(options, "token", "--token");
  const password = readString(options, "password", "--password");
  if (generate && token !== undefined) throw new UsageError("Pass either --token or --generate-token, not both.");
  if (generate) token = generateToken();
  const rawAuth = readString(options, "auth", "--auth");
  const auth: AuthMode = rawAuth !== undefined ? parseChoice(rawAuth, "--auth", AUTH_MODES) : password ? "password" : token ? "token" : "none";
  if (auth === "token" && !token) throw new UsageError("--auth token needs --token <token> or --generate-token.");
  if (auth === "password" && !password) throw new UsageError("--auth password needs --password <password>.");
  if (auth === "none" && bind !== "loopback" && bind !== "auto") {
    throw new UsageError([`Refusing to configure bind ${bind} without auth.`, "Pass --generate-token, --token or --password."]);
  }
  const remoteUrl = readString(options, "remoteUrl", "--remote-url");
  if (mode === "remote" && !remoteUrl) throw new UsageError("--mode remote needs --remote-url ws://host:port.");
  return { mode, port: rawPort === undefined ? DEFAULT_GATEWAY_PORT : parsePort(rawPort), bind, auth, token, password, generatedToken: generate, remoteUrl };
}

async function askInteractively(): Promise<OnboardAnswers> {
  const { consola } = await import("consola");
  const cancel = { cancel: "reject" } as const;
  const mode = (await consola.prompt("Where does the gateway run?", { type: "select", options: ["local", "remote"], ...cancel })) as "local" | "remote";
  let remoteUrl: string | undefined;
  if (mode === "remote") remoteUrl = await consola.prompt("Remote gateway URL (ws://host:port)", { type: "text", ...cancel });
  const portText = await consola.prompt("Port", { type: "text", default: String(DEFAULT_GATEWAY_PORT), placeholder: String(DEFAULT_GATEWAY_PORT), ...cancel });
  const port = parsePort(portText || String(DEFAULT_GATEWAY_PORT));
  const bind = (await consola.prompt("Bind", { type: "select", options: [...BIND_MODES], initial: "loopback", ...cancel })) as BindMode;
  const authChoice = await consola.prompt("Auth", {
    type: "select",
    options: ["generate a token", "enter a token", "password", "none (loopback only)"],
    ...cancel,
  });
  const answers: OnboardAnswers = { mode, port, bind, auth: "none", generatedToken: false, remoteUrl };
  if (authChoice === "generate a token") Object.assign(answers, { auth: "token", token: generateToken(), generatedToken: true });
  else if (authChoice === "enter a token") Object.assign(answers, { auth: "token", token: await consola.prompt("Token", { type: "text", ...cancel }) });
  else if (authChoice === "password") Object.assign(answers, { auth: "password", password: await consola.prompt("Password", { type: "text", ...cancel }) });
  if (answers.auth === "none" && bind !== "loopback" && bind !== "auto") throw new UsageError(`Refusing to configure bind ${bind} without auth.`);
  return answers;
}

/** `clawd onboard`: writes gateway.mode/port/bind/auth (atomically, 0600), keeping every other key. */
export const run: CommandRun = async (ctx, _args, options) => {
  const nonInteractive = readBoolean(options, "nonInteractive") ?? false;
  if (!nonInteractive && !process.stdin.isTTY) {
    throw new UsageError([
      "clawd onboard needs a terminal to ask questions.",
      `Pass --non-interactive with flags instead (see ${commandHint(ctx.profile, "onboard --help")}).`,
    ]);
  }
  const answers = nonInteractive ? answersFromFlags(options) : await askInteractively();
  const paths = resolvePaths(ctx.profile, ctx.env);
  await updateConfig(
    paths.configPath,
    (raw) => {
      let next = setAtKey(raw, ["gateway", "mode"], answers.mode);
      next = setAtKey(next, ["gateway", "port"], answers.port);
      next = setAtKey(next, ["gateway", "bind"], answers.bind);
      next = setAtKey(next, ["gateway", "auth", "mode"], answers.auth);
      if (answers.token) next = setAtKey(next, ["gateway", "auth", "token"], answers.token);
      if (answers.password) next = setAtKey(next, ["gateway", "auth", "password"], answers.password);
      if (answers.remoteUrl) next = setAtKey(next, ["gateway", "remote", "url"], answers.remoteUrl);
      return next;
    },
    { profile: ctx.profile },
  );
  const out = createOutput({ env: ctx.env });
  out.success(`config written to ${paths.configPath} (mode 0600)`);
  out.success(`gateway.mode=${answers.mode}, port ${answers.port}, bind ${answers.bind}, auth ${answers.auth}`);
  if (answers.generatedToken) out.info(`generated token (shown once; stored in gateway.auth.token): ${answers.token}`);
  out.info(`Next: ${commandHint(ctx.profile, answers.mode === "local" ? "gateway" : "gateway health")}`);
  return 0;
};
