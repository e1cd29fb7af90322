// cac parses flags with mri, which turns every numeric-looking value into a number:
// `--token 0123` became 123, `--token ""` became 0 (and passed the LAN auth guard), a
// positional after a boolean flag was dropped. So every value is handed to cac behind a
// placeholder that cannot look like a number (argv entries never contain NUL), and the
// parsed options and arguments are mapped back to the exact strings the user typed.

/** Starts and ends a placeholder; argv entries are C strings, so no real value contains it. */
const MARK = "\u0000";
const PLACEHOLDER = /\u0000(\d+)\u0000/g;

/** argv with every value hidden from cac's coercion, and the way back. */
export interface ShieldedArgs {
  /** What to hand to cac. */
  readonly argv: string[];
  /** Replaces placeholders in every string inside `value` (arrays and objects walked) by the original text. */
  restore<T>(value: T): T;
}

/**
 * Hides every value in `argv` (positional arguments and the `=value` part of `--flag=value`)
 * behind a placeholder so cac cannot coerce it; `first` (the subcommand name) stays visible
 * so cac can match it. Values that start with "-" stay as they are (cac reads them as flags).
 */
export function shieldArgs(argv: readonly string[], keepFirst: boolean): ShieldedArgs {
  const originals: string[] = [];
  const hide = (text: string) => {
    originals.push(text);
    return `${MARK}${originals.length - 1}${MARK}`;
  };
  let passthrough = false;
  const shielded = argv.map((arg, index) => {
    if (index === 0 && keepFirst) return arg;
    if (!passthrough && arg === "--") {
      passthrough = true;
      return arg;
    }
    if (!passthrough && arg.startsWith("--") && arg.includes("=")) {
      const at = arg.indexOf("=");
      return `${arg.slice(0, at + 1)}${hide(arg.slice(at + 1))}`;
    }
    if (!passthrough && arg.startsWith("-") && arg !== "-") return arg;
    return hide(arg);
  });
  const restoreText = (text: string) => text.replace(PLACEHOLDER, (_, i: string) => originals[Number(i)] ?? "");
  const restore = <T>(value: T): T => {
    if (typeof value === "string") return restoreText(value) as T;
    if (Array.isArray(value)) return value.map((item) => restore(item)) as T;
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restore(v)])) as T;
    }
    return value;
  };
  return { argv: shielded, restore };
}
