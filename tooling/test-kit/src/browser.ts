// A real browser for tests: Playwright's `playwright-core` driving Debian's `chromium`
// (installed by .ci/run or `apt-get install chromium`). playwright-core downloads nothing;
// we point it at the system binary, so the same browser runs here, in CI and on a fresh
// machine of this kind.
//
//   const browser = await launchBrowser();
//   try { const page = await browser.newPage(); … } finally { await browser.close(); }
import { existsSync } from "node:fs";
import { chromium, type Browser, type LaunchOptions } from "playwright-core";

/** Where Debian's chromium lives; CLAWD_TEST_CHROMIUM overrides. */
export const CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
/** How long a launch may take on a loaded 2-core machine. */
export const BROWSER_LAUNCH_TIMEOUT_MS = 60_000;

/** The chromium binary tests use, or undefined when none is installed. */
export function chromiumPath(): string | undefined {
  const override = process.env.CLAWD_TEST_CHROMIUM;
  if (override) return override;
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p));
}

/** Launches headless chromium; throws with the install command when it is missing. */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) {
    throw new Error("No chromium found for the browser tests: apt-get install chromium (or set CLAWD_TEST_CHROMIUM)");
  }
  return chromium.launch({
    executablePath,
    headless: true,
    timeout: BROWSER_LAUNCH_TIMEOUT_MS,
    // Root in a container has no user namespace sandbox; the pages we load are our own.
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    ...options,
  });
}
