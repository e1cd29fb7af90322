// A schtasks service whose home, state and %APPDATA% live under a test's temporary root and
// whose commands resolve to that test's fake bins.
import path from "node:path";
import { createCommandRunner, type DaemonService } from "@clawd/daemon";
import type { FakeBin } from "@clawd/test-kit/fake-bin";
import { createSchtasksService, type SchtasksServiceOptions } from "../src/schtasks-service.js";

/** Builds the service the way every sandboxed test does, so each test states only what differs (`overrides`). */
export function sandboxService(root: string, name: string, bins: FakeBin, overrides: Partial<SchtasksServiceOptions> = {}): DaemonService {
  return createSchtasksService({
    name,
    home: path.join(root, "home"),
    stateDir: path.join(root, "home", ".clawd"),
    env: { APPDATA: path.join(root, "appdata"), USERNAME: "jo" },
    runner: createCommandRunner({ env: bins.env() }),
    ...overrides,
  });
}
