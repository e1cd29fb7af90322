// The dashboard is a package of its own (@clawd/dashboard): the CLI serves it at `/` when it
// is installed and runs the gateway without it when it is not.
import type { HttpRoute } from "@clawd/gateway-server";
import { errorMessage } from "../cli-error.js";

/** The dashboard's route, or undefined (with the reason) when the package is missing or unbuilt. */
export async function loadDashboardRoute(): Promise<{ route: HttpRoute | undefined; reason: string | undefined }> {
  try {
    const { createDashboardRoute } = await import("@clawd/dashboard");
    return { route: createDashboardRoute(), reason: undefined };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const missing = code === "ERR_MODULE_NOT_FOUND" && errorMessage(err).includes("@clawd/dashboard");
    return { route: undefined, reason: missing ? "@clawd/dashboard is not installed (npm i -g @clawd/dashboard)" : errorMessage(err) };
  }
}
