import base from "@clawd/vitest-config";
import { defineConfig, mergeConfig } from "vitest/config";

// Packing and npm-installing into fresh projects is slow; the cases share one pack step.
export default mergeConfig(base, defineConfig({ test: { testTimeout: 240_000, hookTimeout: 240_000, fileParallelism: false } }));
