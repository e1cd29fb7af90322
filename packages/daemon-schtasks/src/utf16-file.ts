// Files Windows tools read as UTF-16LE with a byte-order mark: task XML (schtasks /XML) and
// VBScript (wscript reads UTF-8 as the ANSI code page). Pure.

/** `text` as UTF-16LE bytes with a BOM. */
export function encodeUtf16Bom(text: string): Uint8Array {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
}

/** Text of UTF-16LE bytes with a BOM; other bytes are read as UTF-8. */
export function decodeUtf16Bom(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes);
  return buffer[0] === 0xff && buffer[1] === 0xfe ? buffer.subarray(2).toString("utf16le") : buffer.toString("utf8");
}
