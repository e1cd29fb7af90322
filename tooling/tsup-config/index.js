// The one build configuration every published package extends: ESM for Node 20, type
// declarations, no bundled dependencies (each package's dependencies stay external).
import { defineConfig } from "tsup";

/** Builds `entry` (default `src/index.ts`) into `dist/` as ESM with declarations. */
export function defineBaseConfig(overrides = {}) {
  return defineConfig({
    entry: ["src/index.ts"],
    format: ["esm"],
    target: "node20",
    platform: "node",
    dts: true,
    clean: true,
    sourcemap: false,
    splitting: true,
    treeshake: true,
    shims: false,
    ...overrides,
  });
}
