// The config view's rules: check the text before sending it, and turn the gateway's refusal
// (`details.issues`, each with a path) into lines that name the field.

export interface ConfigSnapshot {
  path?: string;
  exists?: boolean;
  raw?: string | null;
  config?: unknown;
  hash?: string;
  valid?: boolean;
  issues?: unknown[];
}

/**
 * The checks the page can make before a round trip (pure): not empty, and an object when it
 * is strict JSON. JSON5 text (comments, trailing commas) goes to the gateway, whose parser
 * names the line and column of any syntax error.
 */
export function checkConfigText(raw: string): { ok: true } | { ok: false; message: string } {
  if (!raw.trim()) return { ok: false, message: "the config is empty; write a JSON object ({ … }) or press Reload" };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: true };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, message: "the config must be a JSON object ({ … })" };
  return { ok: true };
}

/** The sentence after a save: whether the gateway restarts to apply it (pure). */
export function describeSaved(result: unknown): string {
  const restart = (result as { restart?: { required?: unknown; keys?: unknown } } | undefined)?.restart;
  if (restart?.required !== true) return "Saved; applied at once.";
  const keys = Array.isArray(restart.keys) ? ` (${restart.keys.join(", ")})` : "";
  return `Saved; the gateway restarts to apply${keys}, and this page reconnects.`;
}

function pathText(path: unknown): string {
  if (Array.isArray(path))
    return path.map((p) => (typeof p === "object" && p !== null && "key" in p ? String((p as { key: unknown }).key) : String(p))).join(".");
  return typeof path === "string" ? path : "";
}

/** One line per issue, `path: message`, from an error's `details.issues` (pure). */
export function issueLines(details: unknown): string[] {
  const issues = (details as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.map((issue) => {
    const { path, message } = (issue ?? {}) as { path?: unknown; message?: unknown };
    const where = pathText(path);
    return `${where || "(root)"}: ${typeof message === "string" ? message : "invalid"}`;
  });
}

/** The text to edit: the file as written, else the config pretty-printed (pure). */
export function editableText(snapshot: ConfigSnapshot): string {
  if (typeof snapshot.raw === "string" && snapshot.raw.length > 0) return snapshot.raw;
  return `${JSON.stringify(snapshot.config ?? {}, null, 2)}\n`;
}
