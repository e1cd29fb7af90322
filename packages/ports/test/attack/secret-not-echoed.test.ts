// Attack: a process holding the port carries secrets on its command line. Nothing
// `clawd-ports` or explainPortInUse prints may contain them (issue 10 item 4).
import { afterEach, describe, expect, it } from "vitest";
import { runPortsCli as cli } from "../ports-cli.js";
import { spawnPortHolder, stopAllPortHolders } from "@clawd/test-kit/ports";
import { explainPortInUse } from "../../src/index.js";

const TOKEN = "tok-0123-SECRET-a1";
const PASSWORD = "pw-SECRET-b2";
const QUERY_TOKEN = "q-SECRET-c3";
const SECRET_ARGS = ["--token", TOKEN, `--password=${PASSWORD}`, `ws://127.0.0.1:1/?token=${QUERY_TOKEN}`];
const SECRETS = [TOKEN, PASSWORD, QUERY_TOKEN];
afterEach(stopAllPortHolders);

const expectNoSecret = (text: string) => {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
};

describe.runIf(process.platform === "linux")("a port held by a process with secrets on its command line", () => {
  it("explainPortInUse redacts by default, and shows the command line only with redact: false", async () => {
    const holder = await spawnPortHolder({ kind: "cooperative", extraArgs: SECRET_ARGS });
    const explanation = await explainPortInUse(holder.port);
    expect(explanation.text).toContain(`- pid ${holder.pid}`);
    expect(explanation.text).toContain("--token *** --password=*** ws://127.0.0.1:1/?token=***");
    expectNoSecret(JSON.stringify(explanation));
    const raw = await explainPortInUse(holder.port, { redact: false });
    expect(raw.text).toContain(`--token ${TOKEN}`); // the option is real: the secret was there to hide
  });

  it("clawd-ports prints no secret: text, --json, --dry-run --json and --kill --json", async () => {
    const holder = await spawnPortHolder({ kind: "cooperative", extraArgs: SECRET_ARGS });
    const outputs = [await cli(String(holder.port)), await cli(String(holder.port), "--json"), await cli(String(holder.port), "--dry-run", "--json")];
    expect(outputs[0]!.stdout).toContain("--token ***");
    expect(JSON.parse(outputs[2]!.stdout).killed[0].commandLine).toContain("--token ***");
    outputs.push(await cli(String(holder.port), "--kill", "--json"));
    expect(outputs[3]!.code).toBe(0);
    for (const run of outputs) expectNoSecret(run.stdout + run.stderr);
  });

  it("clawd-ports --show-secrets prints the command line as it is", async () => {
    const holder = await spawnPortHolder({ kind: "cooperative", extraArgs: SECRET_ARGS });
    const run = await cli(String(holder.port), "--show-secrets");
    expect(run.stdout).toContain(`--token ${TOKEN}`);
  });
});
