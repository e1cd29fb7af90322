/** The name users type. */
export const BIN_NAME = "clawd";

/** A command to suggest in a message, carrying the active profile (`clawd --profile work …`). */
export function commandHint(profile: string | undefined, command: string): string {
  return profile ? `${BIN_NAME} --profile ${profile} ${command}` : `${BIN_NAME} ${command}`;
}
