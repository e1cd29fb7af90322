// Proves, from packed tarballs installed with npm into fresh projects, the three ways users
// meet this project: just @clawd/ports, `npx clawd gateway` with the CLI, and the CLI
// without optional dependencies (ws transport, no daemon package).
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = join(import.meta.dirname, "..", "..", "..");
const work = mkdtempSync(join(tmpdir(), "clawd-pack-"));
const tarballs = new Map<string, string>();
const children: ChildProcess[] = [];
const sizes: Record<string, { kib: number; packages: number }> = {};
/** Disk budget for `npm i @clawd/cli` with its uWS build (issue 15), KiB; was 230 MB with two builds. */
const CLI_INSTALL_BUDGET_KIB = 130 * 1024;
/** Disk budget for `npm i @clawd/cli --omit=optional` (ws transport, no daemon package), KiB. */
const CLI_NO_OPTIONAL_BUDGET_KIB = 5 * 1024;

/**
 * The environment of a user's shell: without pnpm's NODE_PATH (which points into this
 * workspace's node_modules and would let an installed project load our dev copies) and
 * without npm_* script variables.
 */
function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (k !== "NODE_PATH" && !/^npm_|^PNPM_|^CLAWD/i.test(k)) env[k] = v;
  return { ...env, npm_config_update_notifier: "false", ...extra };
}

/** Runs npm quietly in `cwd`; throws with npm's output when it fails. */
function npm(cwd: string, args: string[]): string {
  return execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd,
    encoding: "utf8",
    env: userEnv(),
  });
}

/** A fresh npm project whose @clawd/* dependencies all resolve to our tarballs. */
function project(name: string, deps: string[]): string {
  const dir = join(work, name);
  const overrides = Object.fromEntries([...tarballs].map(([pkg, file]) => [pkg, `file:${file}`]));
  const dependencies = Object.fromEntries(deps.map((pkg) => [pkg, `file:${tarballs.get(pkg)}`]));
  execFileSync("mkdir", ["-p", dir]);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, private: true, type: "module", dependencies, overrides }, null, 2));
  return dir;
}

/** Size on disk of node_modules (KiB) and how many packages are installed in it. */
function measure(dir: string): { kib: number; packages: number } {
  const kib = Number(execFileSync("du", ["-sk", join(dir, "node_modules")], { encoding: "utf8" }).split("\t")[0]);
  return { kib, packages: countPackages(join(dir, "node_modules")) };
}

/** Counts installed packages below a node_modules folder (scoped and nested ones included). */
function countPackages(modules: string): number {
  let count = 0;
  for (const entry of readdirSync(modules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    const dirs = entry.name.startsWith("@") ? readdirSync(join(modules, entry.name)).map((n) => join(modules, entry.name, n)) : [join(modules, entry.name)];
    for (const pkg of dirs) {
      if (!existsSync(join(pkg, "package.json"))) continue;
      count++;
      if (existsSync(join(pkg, "node_modules"))) count += countPackages(join(pkg, "node_modules"));
    }
  }
  return count;
}

/** Asks the OS for a free TCP port on loopback. */
function freePortNumber(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Starts `clawd gateway --dev` from an installed project; resolves once it listens and has named its transport. */
function startGateway(dir: string, port: number, home: string): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(join(dir, "node_modules", ".bin", "clawd"), ["gateway", "--dev", "--port", String(port)], {
    cwd: dir,
    env: userEnv({ HOME: home, NO_COLOR: "1" }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${out}`)), 60_000);
    child.stdout!.on("data", () => {
      if (out.includes(`listening on ws://127.0.0.1:${port}`) && /transport: \w+/.test(out)) {
        clearTimeout(timer);
        resolve({ child, output: () => out });
      }
    });
    child.once("exit", (code) => reject(new Error(`gateway exited ${code}:\n${out}`)));
  });
}

/** Runs the installed `clawd` with args and returns stdout. */
function clawd(dir: string, home: string, args: string[]): string {
  return execFileSync(join(dir, "node_modules", ".bin", "clawd"), args, {
    cwd: dir,
    encoding: "utf8",
    env: userEnv({ HOME: home, NO_COLOR: "1" }),
  });
}

beforeAll(() => {
  const dest = join(work, "tarballs");
  for (const name of readdirSync(join(repo, "packages"))) {
    const pkgDir = join(repo, "packages", name);
    const manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as { name: string };
    const out = execFileSync("pnpm", ["pack", "--pack-destination", dest], { cwd: pkgDir, encoding: "utf8" });
    const file = out.trim().split("\n").pop()!.trim();
    tarballs.set(manifest.name, file);
  }
});

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  console.log(`install sizes (node_modules on disk): ${JSON.stringify(sizes)}`);
  writeFileSync(join(repo, "tooling", "pack-test", ".install-sizes.json"), `${JSON.stringify(sizes, null, 2)}\n`);
  rmSync(work, { recursive: true, force: true });
});

describe("packed tarballs installed with npm", () => {
  it("@clawd/ports alone installs one package with no dependencies and frees a port", async () => {
    const dir = project("ports-only", ["@clawd/ports"]);
    npm(dir, ["install"]);
    expect(readdirSync(join(dir, "node_modules")).filter((e) => !e.startsWith("."))).toEqual(["@clawd"]);
    expect(readdirSync(join(dir, "node_modules", "@clawd"))).toEqual(["ports"]);
    sizes["@clawd/ports"] = measure(dir);

    const holder = spawn(process.execPath, ["-e", "require('net').createServer().listen(0,'127.0.0.1',function(){console.log(this.address().port)})"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(holder);
    const port = await new Promise<number>((resolve) => holder.stdout!.once("data", (d) => resolve(Number(String(d).trim()))));
    writeFileSync(
      join(dir, "free.mjs"),
      [
        'import { freePort, isPortFree } from "@clawd/ports";',
        "",
        "const port = Number(process.argv[2]);",
        "const result = await freePort(port);",
        "const free = await isPortFree(port);",
        "console.log(JSON.stringify({ killed: result.killed.map((l) => l.pid), free }));",
        "process.exit(free ? 0 : 1);",
      ].join("\n"),
    );
    const result = JSON.parse(execFileSync(process.execPath, ["free.mjs", String(port)], { cwd: dir, encoding: "utf8", env: userEnv() })) as {
      killed: number[];
      free: boolean;
    };
    expect(result).toEqual({ killed: [holder.pid], free: true });
    // CommonJS users: Node >= 20.19 can require() our ESM-only packages.
    const cjs = execFileSync(
      process.execPath,
      ["-e", 'const p = require("@clawd/ports"); console.log([typeof p.freePort, typeof p.findListeners, typeof p.explainPortInUse].join(","))'],
      { cwd: dir, encoding: "utf8", env: userEnv() },
    );
    expect(cjs.trim()).toBe("function,function,function");
    await new Promise((r) => (holder.exitCode === null && holder.signalCode === null ? holder.once("exit", r) : r(null)));
    expect(holder.signalCode ?? holder.exitCode).not.toBeNull();
  });

  it("@clawd/cli installs only this OS's daemon package and `clawd gateway --dev` answers health", async () => {
    // The workspace keeps `os` under publishConfig (no pnpm warning in a clone); the packed
    // manifest must carry it at the top level, which is what makes npm skip the other two.
    for (const [name, os] of [
      ["@clawd/daemon-systemd", "linux"],
      ["@clawd/daemon-launchd", "darwin"],
      ["@clawd/daemon-schtasks", "win32"],
    ] as const) {
      const packed = JSON.parse(execFileSync("tar", ["-xzOf", tarballs.get(name)!, "package/package.json"], { encoding: "utf8" })) as { os?: string[] };
      expect(packed.os, name).toEqual([os]);
    }
    const dir = project("cli-full", ["@clawd/cli"]);
    npm(dir, ["install"]);
    const scoped = readdirSync(join(dir, "node_modules", "@clawd")).sort();
    expect(scoped).toContain("daemon-systemd");
    expect(scoped).not.toContain("daemon-launchd");
    expect(scoped).not.toContain("daemon-schtasks");
    sizes["@clawd/cli"] = measure(dir);
    // One uWS build (btc-vision, ~114 MB of binaries for every OS and Node 20-25) fits; a second one would not.
    expect(sizes["@clawd/cli"].kib).toBeLessThanOrEqual(CLI_INSTALL_BUDGET_KIB);

    const home = mkdtempSync(join(work, "home-"));
    const port = await freePortNumber();
    const { child, output } = await startGateway(dir, port, home);
    const health = clawd(dir, home, ["gateway", "health", "--url", `ws://127.0.0.1:${port}`]);
    expect(health).toContain("Gateway is healthy");
    // The installed project's own view of which transport loads. Only @btc-vision/uwebsockets.js
    // is carried (Node 20/22/24/25 on glibc >= 2.38): on Debian 12 (glibc 2.36) that is ws on
    // every Node, on the patched Node 22/24 (trixie's glibc 2.41) it must be uWS.
    const detected = execFileSync(
      process.execPath,
      ["--input-type=module", "-e", 'import("@clawd/gateway-server").then((m) => console.log(m.detectTransport().transport))'],
      { cwd: dir, encoding: "utf8", env: userEnv() },
    ).trim();
    const glibc = (process.report.getReport() as { header: { glibcVersionRuntime?: string } }).header.glibcVersionRuntime ?? "0.0";
    const [glibcMajor = 0, glibcMinor = 0] = glibc.split(".").map(Number);
    const btcVisionLoads = ["115", "127", "137", "141"].includes(process.versions.modules) && glibcMajor * 1000 + glibcMinor >= 2038;
    expect(detected).toBe(btcVisionLoads ? "uws" : "ws");
    expect(output()).toContain(`transport: ${detected} (`);
    // @clawd/dashboard came with the CLI: its page and hashed assets are served at `/` (it
    // loads while the gateway starts listening, and says so once it serves).
    await expect.poll(() => output(), { timeout: 30_000 }).toContain(`dashboard: http://127.0.0.1:${port}/`);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(await page.text())?.[1];
    expect(script).toBeDefined();
    expect((await fetch(`http://127.0.0.1:${port}${script}`)).status).toBe(200);
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    expect(child.exitCode).toBe(0);
  });

  it("@clawd/cli with --omit=optional still runs the gateway, on the ws transport, and says so", async () => {
    const dir = project("cli-no-optional", ["@clawd/cli"]);
    npm(dir, ["install", "--omit=optional"]);
    const scoped = readdirSync(join(dir, "node_modules", "@clawd")).sort();
    expect(scoped.filter((n) => n.startsWith("daemon-"))).toEqual([]);
    sizes["@clawd/cli --omit=optional"] = measure(dir);
    expect(sizes["@clawd/cli --omit=optional"].kib).toBeLessThanOrEqual(CLI_NO_OPTIONAL_BUDGET_KIB);

    const home = mkdtempSync(join(work, "home-"));
    const port = await freePortNumber();
    const { child, output } = await startGateway(dir, port, home);
    expect(output()).toMatch(/transport: ws \(/);
    const install = spawnSync(join(dir, "node_modules", ".bin", "clawd"), ["gateway", "install"], { cwd: dir, encoding: "utf8", env: userEnv({ HOME: home }) });
    expect(install.status).toBe(1);
    expect(install.stderr.split("\n")[0]).toBe("Service management on linux needs @clawd/daemon-systemd: npm i -g @clawd/daemon-systemd");
    expect(install.stderr).not.toMatch(/\n\s+at /);
    const health = clawd(dir, home, ["gateway", "health", "--url", `ws://127.0.0.1:${port}`]);
    expect(health).toContain("Gateway is healthy");
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  });

  it("`npm exec --package <cli tarball> -- clawd --version` works: the CLI has exactly one bin", () => {
    const cli = JSON.parse(readFileSync(join(repo, "packages", "cli", "package.json"), "utf8")) as { version: string; bin: Record<string, string> };
    expect(Object.keys(cli.bin)).toEqual(["clawd"]);
    const dir = join(work, "npx");
    execFileSync("mkdir", ["-p", dir]);
    const needed = [
      "@clawd/cli",
      "@clawd/ports",
      "@clawd/daemon",
      "@clawd/gateway-server",
      "@clawd/gateway-client",
      "@clawd/gateway-plugin",
      "@clawd/dashboard",
      "@clawd/daemon-systemd",
    ];
    const args = ["exec", "--yes", ...needed.flatMap((p) => ["--package", tarballs.get(p)!]), "--", "clawd", "--version"];
    const out = execFileSync("npm", args, { cwd: dir, encoding: "utf8", env: userEnv() });
    expect(out.trim()).toContain(cli.version);
  });
});
