/** Arguments for `tasklist` naming one process as headerless CSV (the header is localized). */
export function tasklistArgs(pid: number): string[] {
  return ["/FI", `PID eq ${pid}`, "/FO", "CSV", "/NH"];
}

/** Splits one CSV line with double-quoted fields (`""` escapes a quote). */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      fields.push(field);
      field = "";
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/**
 * Parses `tasklist /FO CSV /NH` output into pid → image name. The "no tasks" line
 * (`INFO: No tasks are running…`, localized) has no CSV shape and is skipped.
 */
export function parseTasklistCsv(text: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of text.split(/\r?\n/)) {
    if (!line.startsWith('"')) continue;
    const [name, pid] = splitCsvLine(line);
    if (name && pid && /^\d+$/.test(pid)) names.set(Number(pid), name);
  }
  return names;
}
