// What launchctl's exit codes and messages mean, and the errors we raise for them. Pure.
import { type CommandResult, ServiceError, commandOutputText, defaultCommandHint } from "@clawd/daemon";

/** launchctl's exit code for "Could not find service … in domain". */
export const LAUNCHCTL_NOT_FOUND_EXIT = 113;

/** The service is not loaded (print/bootout/kickstart of a job launchd does not know). */
export function isNotLoaded(result: CommandResult): boolean {
  if (result.code === LAUNCHCTL_NOT_FOUND_EXIT) return true;
  return /could not find (specified )?service|no such process|service is not loaded/i.test(commandOutputText(result));
}

/** Bootstrap failed in a way that clears up shortly (typically right after a bootout). */
export function isRetryableBootstrap(result: CommandResult): boolean {
  return /\b5: Input\/output error|\b37: Operation already in progress/i.test(commandOutputText(result));
}

/** The gui/<uid> domain does not exist: nobody is logged in at the Mac (e.g. an ssh session). */
export function isNoGuiSession(result: CommandResult): boolean {
  return /\b125: Domain does not support specified action|could not find domain for|domain does not support specified action/i.test(commandOutputText(result));
}

/** The error for a missing GUI session, with the ways around it; `hint` words CLI commands (the caller's profile). */
export function noGuiSessionError(domain: string, plistPath: string, uid: number, hint: (command: string) => string = defaultCommandHint): ServiceError {
  return new ServiceError(
    `launchctl cannot reach the GUI session ${domain}: a LaunchAgent runs only for a user logged in at the Mac, and this looks like an ssh-only session.`,
    [
      `Log in at the Mac (or via Screen Sharing) once, then run: ${hint("gateway install")}`,
      `Or, as an administrator: sudo launchctl asuser ${uid} launchctl bootstrap ${domain} ${plistPath}`,
      `Or run the gateway in the foreground instead: ${hint("gateway")}`,
    ],
  );
}

/** The error when the launchctl binary itself could not run. */
export function launchctlMissingError(result: CommandResult): ServiceError {
  return new ServiceError(`launchctl could not be run: ${commandOutputText(result)}`, [
    "@clawd/daemon-launchd manages macOS LaunchAgents; on Linux use @clawd/daemon-systemd, on Windows @clawd/daemon-schtasks.",
  ]);
}
