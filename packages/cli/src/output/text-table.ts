// Plain text tables for list commands: a header row, a rule, aligned columns; cells are
// single-line (newlines become spaces) and long cells are cut with an ellipsis.

/** Longest cell shown before it is cut. */
export const TABLE_MAX_CELL_CHARS = 48;

/** Renders rows under headers; every row has one cell per header. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[], maxCellChars = TABLE_MAX_CELL_CHARS): string {
  const clean = (cell: string): string => {
    const flat = cell.replace(/\s*\n\s*/g, " ");
    return flat.length > maxCellChars ? `${flat.slice(0, maxCellChars - 1)}…` : flat;
  };
  const body = rows.map((row) => headers.map((_, i) => clean(row[i] ?? "")));
  const widths = headers.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] as string).length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}
