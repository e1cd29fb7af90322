// "Did you mean …?" for a mistyped command or option: the closest known name by edit
// distance, only when it is close enough to be a typo rather than a different word.

/** Edits allowed per this many characters of the typed word (a third: `gatway` → `gateway`). */
export const TYPO_CHARS_PER_EDIT = 3;

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      row[j] = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/** The known name closest to `typed` when it is within a typo's reach, else undefined. */
export function closestName(typed: string, known: readonly string[]): string | undefined {
  const word = typed.toLowerCase();
  const allowed = Math.max(1, Math.floor(word.replace(/^-+/, "").length / TYPO_CHARS_PER_EDIT));
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = name.startsWith(word) && word.replace(/^-+/, "").length >= 2 ? 0.5 : editDistance(word, name.toLowerCase());
    if (distance <= allowed && (best === undefined || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** `Did you mean "x"?`, or nothing. */
export function didYouMean(typed: string, known: readonly string[], show: (name: string) => string = (n) => n): string[] {
  const name = closestName(typed, known);
  return name === undefined ? [] : [`Did you mean "${show(name)}"?`];
}
