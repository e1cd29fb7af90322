// Arguments that broke upstream's systemd escaping, shared by the pure and the e2e tests.
import fc from "fast-check";

/** Any argument: characters systemd treats specially, arbitrary unicode, control characters. */
export const awkwardArg = fc.oneof(
  fc.string({ unit: fc.constantFrom(" ", '"', "'", "\\", "%", "$", "a", "é", "✓", ";", "\t", "\n", "{", "}", "=") }),
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: "binary" }).map((s) => s.replaceAll("\0", "")),
  fc.constant(""),
);

/** A fixed set the e2e test passes through a real systemd. */
export const AWKWARD_ARGS: readonly string[] = [
  "with space",
  'double "quotes"',
  "single 'quotes'",
  "back\\slash\\",
  "100% %h %%",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${PATH} that systemd must not expand
  "$HOME ${PATH} $$",
  "",
  ";",
  "ünïcødé ✓ 日本",
  "tab\tand\nnewline",
  "--flag=a b",
];
