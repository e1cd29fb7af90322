// Reading `schtasks /Query /FO CSV [/NH] [/V]`: which tasks exist, whatever the display
// language. Headers and status words are localized; the task name in the first column is
// not, so "is our task registered?" never depends on message text. Pure.

/** Splits one CSV line as schtasks writes it (every field double-quoted, `""` for a quote). */
export function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = "";
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else value += line[i++];
      }
      fields.push(value);
      i++; // the comma
    } else {
      const end = line.indexOf(",", i);
      fields.push(line.slice(i, end < 0 ? line.length : end));
      i = end < 0 ? line.length + 1 : end + 1;
    }
  }
  return fields;
}

/** The task paths (`\Folder\Name`) listed in CSV output, header lines (any language) skipped. */
export function parseTaskListCsv(output: string): string[] {
  const names: string[] = [];
  for (const line of output.split(/\r?\n/)) {
    if (line.trim() === "") continue;
    const [first = ""] = parseCsvLine(line.trim());
    // Task paths start with a backslash; header cells ("TaskName", "Aufgabenname") do not.
    if (first.startsWith("\\")) names.push(first);
  }
  return names;
}

/** Whether `name` (a task in the root folder, or a `\Folder\Name` path) is among `tasks`. */
export function hasTask(tasks: readonly string[], name: string): boolean {
  const wanted = (name.startsWith("\\") ? name : `\\${name}`).toLowerCase();
  return tasks.some((task) => task.toLowerCase() === wanted);
}
