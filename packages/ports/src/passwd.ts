/** Maps uid → login name from the text of `/etc/passwd`. */
export function parsePasswd(text: string): Map<number, string> {
  const users = new Map<number, string>();
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const [name, , uid] = line.split(":");
    const n = Number(uid);
    if (name && uid !== undefined && uid !== "" && Number.isInteger(n) && !users.has(n)) users.set(n, name);
  }
  return users;
}

/** The effective uid from the text of `/proc/<pid>/status` (`Uid: real effective saved fs`). */
export function parseStatusUid(text: string): number | undefined {
  const match = /^Uid:\s+\d+\s+(\d+)/m.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** Turns the NUL-separated `/proc/<pid>/cmdline` into one line, quoting arguments with spaces. */
export function formatCmdline(raw: string): string | undefined {
  const args = raw.split("\0");
  if (args.at(-1) === "") args.pop();
  if (args.length === 0) return undefined;
  return args.map((a) => (a === "" || /[\s"'\\]/.test(a) ? JSON.stringify(a) : a)).join(" ");
}
