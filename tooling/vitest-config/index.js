// Shared test settings. Tests spawn real processes and sockets, so they run in forked
// workers, with timeouts generous enough for a loaded 2-core CI machine. Timing is never
// asserted here: performance lives in `pnpm bench`.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-results.json" },
    restoreMocks: true,
  },
});
