// Pure statistics for the benchmark tables.

/** The p-th percentile (0–100) of `values` by nearest rank; NaN when empty. */
export function percentile(values, p) {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** Median, min and max of `values`. */
export function summarize(values) {
  return { median: percentile(values, 50), min: Math.min(...values), max: Math.max(...values) };
}

/** "12.3 (11.9–13.0)": the median with the min–max spread of the rounds. */
export function formatSpread(values, digits = 2) {
  const { median, min, max } = summarize(values);
  if (!values.length || !Number.isFinite(median)) return "n/a";
  return values.length > 1 ? `${median.toFixed(digits)} (${min.toFixed(digits)}–${max.toFixed(digits)})` : median.toFixed(digits);
}

/** "0.85×" or "n/a". */
export function formatRatio(a, b) {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : "n/a";
}

/** Prints a markdown table. */
export function printTable(headers, rows) {
  console.log(`| ${headers.join(" | ")} |`);
  console.log(`|${headers.map(() => "---").join("|")}|`);
  for (const row of rows) console.log(`| ${row.join(" | ")} |`);
  console.log("");
}
