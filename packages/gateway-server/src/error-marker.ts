// Error classes of this package are recognised by a Symbol.for marker their constructor sets
// (`X.isInstance(e)`), not by instanceof: a plugin or the CLI may load another copy of this
// package, whose classes are different objects, and its errors must still be recognised.

/** Whether `value` carries `marker` (set by an error class's constructor, from any copy of the package). */
export function hasMarker(value: unknown, marker: symbol): boolean {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[marker] === true;
}
