import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveNodePath } from "./node-path.js";
import { stableNodeCandidates } from "./stable-node-path.js";

const mac = { platform: "darwin" as const, env: { HOME: "/Users/jo" } };

describe("stableNodeCandidates", () => {
  it.each([
    ["/opt/homebrew/Cellar/node/23.1.0/bin/node", "/opt/homebrew/opt/node/bin/node"],
    ["/opt/homebrew/Cellar/node@22/22.11.0/bin/node", "/opt/homebrew/opt/node@22/bin/node"],
    ["/usr/local/Cellar/node/21.0.0/bin/node", "/usr/local/opt/node/bin/node"],
    ["/home/linuxbrew/.linuxbrew/Cellar/node/23.1.0/bin/node", "/home/linuxbrew/.linuxbrew/opt/node/bin/node"],
    ["/Users/jo/.volta/tools/image/node/22.1.0/bin/node", "/Users/jo/.volta/bin/node"],
    ["/Users/jo/.local/share/mise/installs/node/22.1.0/bin/node", "/Users/jo/.local/share/mise/shims/node"],
    ["/Users/jo/.local/state/fnm_multishells/123_456/bin/node", "/Users/jo/.local/share/fnm/aliases/default/bin/node"],
  ])("%s → %s", (fragile, stable) => {
    expect(stableNodeCandidates(fragile, mac)[0]?.path).toBe(stable);
  });

  it("Windows: nvm-windows' link, volta's and fnm's shims", () => {
    const env = {
      USERPROFILE: "C:\\Users\\jo",
      APPDATA: "C:\\Users\\jo\\AppData\\Roaming",
      NVM_HOME: "C:\\Users\\jo\\AppData\\Roaming\\nvm",
      NVM_SYMLINK: "C:\\Program Files\\nodejs",
      LOCALAPPDATA: "C:\\Users\\jo\\AppData\\Local",
    };
    const win = { platform: "win32" as const, env };
    expect(stableNodeCandidates("C:\\Users\\jo\\AppData\\Roaming\\nvm\\v22.1.0\\node.exe", win)[0]?.path).toBe("C:\\Program Files\\nodejs\\node.exe");
    expect(stableNodeCandidates("C:\\Users\\jo\\AppData\\Local\\Volta\\tools\\image\\node\\22.1.0\\node.exe", win)[0]?.path).toBe(
      "C:\\Users\\jo\\AppData\\Local\\Volta\\bin\\node.exe",
    );
    expect(stableNodeCandidates("C:\\Users\\jo\\AppData\\Roaming\\fnm\\node-versions\\v22.1.0\\installation\\node.exe", win)[0]?.path).toBe(
      "C:\\Users\\jo\\AppData\\Roaming\\fnm\\aliases\\default\\node.exe",
    );
  });

  it("leaves a stable path alone", () => {
    expect(stableNodeCandidates("/opt/homebrew/bin/node", mac)).toEqual([]);
    expect(stableNodeCandidates("/usr/bin/node", mac)).toEqual([]);
  });
});

describe("resolveNodePath with a Homebrew layout on disk", () => {
  it("pins the opt link, not the Cellar folder brew upgrade deletes", () => {
    const prefix = mkdtempSync(path.join(tmpdir(), "clawd-brew-"));
    try {
      const cellarBin = path.join(prefix, "Cellar", "node", "23.1.0", "bin");
      mkdirSync(cellarBin, { recursive: true });
      writeFileSync(path.join(cellarBin, "node"), "#!/bin/sh\n");
      chmodSync(path.join(cellarBin, "node"), 0o755);
      mkdirSync(path.join(prefix, "opt"));
      symlinkSync(path.join(prefix, "Cellar", "node", "23.1.0"), path.join(prefix, "opt", "node"));
      const fragile = path.join(cellarBin, "node");
      const info = resolveNodePath({ execPath: fragile, platform: "darwin", env: {} });
      expect(info).toEqual({ path: path.join(prefix, "opt", "node", "bin", "node"), source: "execPath", replaced: fragile });
      // Without the link there is nothing stable to pin: the install warns instead.
      rmSync(path.join(prefix, "opt", "node"));
      const warned = resolveNodePath({ execPath: fragile, platform: "darwin", env: {} });
      expect(warned.path).toBe(fragile);
      expect(warned.warning).toContain("Homebrew");
    } finally {
      rmSync(prefix, { recursive: true, force: true });
    }
  });

  it("prefers volta's shim over the versioned image", () => {
    const info = resolveNodePath({
      execPath: "/Users/jo/.volta/tools/image/node/22.1.0/bin/node",
      platform: "darwin",
      env: { HOME: "/Users/jo" },
      isExecutable: (p) => p === "/Users/jo/.volta/bin/node",
    });
    expect(info).toMatchObject({ path: "/Users/jo/.volta/bin/node", replaced: "/Users/jo/.volta/tools/image/node/22.1.0/bin/node" });
    expect(info.warning).toBeUndefined();
  });
});
