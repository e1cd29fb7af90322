// String generators that favour the characters service files get wrong.
import fc from "fast-check";

const TRICKY = [" ", "\t", "\n", "\r", '"', "'", "%", "$", "\\", "&", "<", ">", ";", "`", "é", "Ω", "😀", "中", "]]>", "--", "&amp;", "\u0085", "\u2028"];

/** Strings mixing tricky characters with arbitrary printable unicode, including "". */
export const trickyString = fc.string({
  unit: fc.oneof(fc.constantFrom(...TRICKY), fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 })),
  maxLength: 12,
});
