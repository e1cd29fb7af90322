// XML property lists (Apple's plist 1.0 format): a pure renderer and a pure parser for the
// value types a LaunchAgent uses. The renderer refuses text XML 1.0 cannot carry instead of
// writing a file launchd would reject; the parser reads any well-formed plist of these types.

/** A value a plist can hold (dates and data are read, never written). */
export type PlistValue = string | number | boolean | Date | Uint8Array | PlistValue[] | PlistDict;
/** A plist `<dict>`. */
export interface PlistDict {
  [key: string]: PlistValue;
}

// Recognised by a Symbol.for marker (isInstance), not instanceof, across copies of this package.
const PLIST_ERROR = Symbol.for("clawd.error.PlistError");

/** An error in plist input, with the character offset where it was found. */
export class PlistError extends Error {
  override readonly name = "PlistError";
  constructor(message: string) {
    super(message);
    Object.defineProperty(this, PLIST_ERROR, { value: true });
  }

  /** A PlistError from any copy of @clawd/daemon-launchd. */
  static isInstance(value: unknown): value is PlistError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[PLIST_ERROR] === true;
  }
}

const INDENT = "  ";
const XML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>';
/** Apple's public identifier and system id; validators map them to a local copy of the DTD. */
export const PLIST_DOCTYPE = '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">';

// XML 1.0 allows tab, LF, CR and everything from U+0020 except lone surrogates, U+FFFE, U+FFFF.
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

/** The first character XML 1.0 cannot represent (even as a reference), or undefined. */
export function findXmlForbiddenChar(text: string): string | undefined {
  return XML_FORBIDDEN.exec(text)?.[0];
}

/**
 * Escapes text for an XML element. Line-end characters a parser may normalize to LF (CR, and
 * NEL/U+2028/U+2029 under XML 1.1 rules, which some parsers apply) become character references.
 */
export function escapeXmlText(text: string): string {
  const bad = findXmlForbiddenChar(text);
  if (bad !== undefined) {
    const code = bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
    throw new PlistError(`U+${code} cannot be stored in an XML plist (in ${JSON.stringify(text)})`);
  }
  return text.replace(/[&<>"'\r\u0085\u2028\u2029]/g, (ch) => XML_ENTITY_FOR[ch] ?? `&#x${ch.charCodeAt(0).toString(16).toUpperCase()};`);
}

const XML_ENTITY_FOR: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/** Renders `root` as an XML plist document; `comment` goes in an XML comment before the root. */
export function renderPlist(root: PlistValue, options: { comment?: string } = {}): string {
  const lines = [XML_HEADER, PLIST_DOCTYPE];
  if (options.comment !== undefined) {
    if (options.comment.includes("--") || options.comment.endsWith("-")) {
      throw new PlistError('an XML comment cannot contain "--" or end with "-"');
    }
    lines.push(`<!-- ${escapeXmlText(options.comment)} -->`);
  }
  lines.push('<plist version="1.0">', ...renderValue(root, ""), "</plist>");
  return `${lines.join("\n")}\n`;
}

function renderValue(value: PlistValue, indent: string): string[] {
  if (typeof value === "string") return [`${indent}<string>${escapeXmlText(value)}</string>`];
  if (typeof value === "boolean") return [`${indent}<${value}/>`];
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new PlistError(`cannot store ${value} in a plist`);
    return [Number.isInteger(value) ? `${indent}<integer>${value}</integer>` : `${indent}<real>${value}</real>`];
  }
  if (value instanceof Date) return [`${indent}<date>${value.toISOString().replace(/\.\d{3}Z$/, "Z")}</date>`];
  if (value instanceof Uint8Array) return [`${indent}<data>${Buffer.from(value).toString("base64")}</data>`];
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${indent}<array/>`];
    return [`${indent}<array>`, ...value.flatMap((item) => renderValue(item, indent + INDENT)), `${indent}</array>`];
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return [`${indent}<dict/>`];
  return [
    `${indent}<dict>`,
    ...entries.flatMap(([key, item]) => [`${indent}${INDENT}<key>${escapeXmlText(key)}</key>`, ...renderValue(item, indent + INDENT)]),
    `${indent}</dict>`,
  ];
}

/** Parses an XML plist document into its root value. Throws PlistError on malformed input. */
export function parsePlist(xml: string): PlistValue {
  const reader = new Reader(xml);
  reader.skipProlog();
  const root = reader.openTag();
  if (root.name !== "plist" || root.selfClosing) throw reader.fail("expected <plist>");
  const value = reader.value();
  reader.skipMisc();
  reader.closeTag("plist");
  reader.skipMisc();
  if (!reader.atEnd()) throw reader.fail("unexpected content after </plist>");
  return value;
}

interface Tag {
  name: string;
  selfClosing: boolean;
}

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

class Reader {
  private pos = 0;
  private readonly text: string;

  constructor(text: string) {
    // XML end-of-line handling: CRLF and lone CR in the raw text become LF.
    this.text = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  fail(message: string): PlistError {
    return new PlistError(`invalid plist at offset ${this.pos}: ${message}`);
  }

  private skipPast(terminator: string, what: string): void {
    const end = this.text.indexOf(terminator, this.pos);
    if (end < 0) throw this.fail(`unterminated ${what}`);
    this.pos = end + terminator.length;
  }

  /** Skips whitespace, comments and processing instructions. */
  skipMisc(): void {
    for (;;) {
      while (/\s/.test(this.text[this.pos] ?? "")) this.pos++;
      if (this.text.startsWith("<!--", this.pos)) this.skipPast("-->", "comment");
      else if (this.text.startsWith("<?", this.pos)) this.skipPast("?>", "processing instruction");
      else return;
    }
  }

  skipProlog(): void {
    this.skipMisc();
    if (this.text.startsWith("<!DOCTYPE", this.pos)) {
      // Internal subsets are not used by plists; a DOCTYPE ends at the first ">" outside quotes.
      let quote = "";
      for (this.pos += 9; this.pos < this.text.length; this.pos++) {
        const ch = this.text[this.pos]!;
        if (quote) quote = ch === quote ? "" : quote;
        else if (ch === '"' || ch === "'") quote = ch;
        else if (ch === "[") throw this.fail("DOCTYPE internal subsets are not supported");
        else if (ch === ">") break;
      }
      this.pos++;
    }
    this.skipMisc();
  }

  openTag(): Tag {
    const match = /^<([A-Za-z_][\w.-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(this.text.slice(this.pos, this.pos + 512));
    if (!match) throw this.fail("expected an element");
    this.pos += match[0].length;
    return { name: match[1]!, selfClosing: match[3] === "/" };
  }

  closeTag(name: string): void {
    const match = /^<\/([A-Za-z_][\w.-]*)\s*>/.exec(this.text.slice(this.pos, this.pos + 256));
    if (!match || match[1] !== name) throw this.fail(`expected </${name}>`);
    this.pos += match[0].length;
  }

  /** Character data up to the next tag, with entities and CDATA sections decoded. */
  private textContent(): string {
    let out = "";
    for (;;) {
      const lt = this.text.indexOf("<", this.pos);
      if (lt < 0) throw this.fail("unterminated text");
      out += this.decode(this.text.slice(this.pos, lt));
      this.pos = lt;
      if (this.text.startsWith("<![CDATA[", lt)) {
        const end = this.text.indexOf("]]>", lt);
        if (end < 0) throw this.fail("unterminated CDATA section");
        out += this.text.slice(lt + 9, end);
        this.pos = end + 3;
      } else if (this.text.startsWith("<!--", lt)) {
        this.skipPast("-->", "comment");
      } else {
        return out;
      }
    }
  }

  private decode(raw: string): string {
    return raw.replace(/&([^;&\s]*);?/g, (whole, ref: string) => {
      if (!whole.endsWith(";")) throw this.fail(`bare "&" in text: ${JSON.stringify(raw)}`);
      if (ref in NAMED_ENTITIES) return NAMED_ENTITIES[ref]!;
      const code = /^#x[0-9a-f]+$/i.test(ref) ? parseInt(ref.slice(2), 16) : /^#\d+$/.test(ref) ? Number(ref.slice(1)) : NaN;
      if (Number.isNaN(code) || code > 0x10ffff) throw this.fail(`unknown entity &${ref};`);
      return String.fromCodePoint(code);
    });
  }

  private leaf(tag: Tag): string {
    if (tag.selfClosing) return "";
    const text = this.textContent();
    this.closeTag(tag.name);
    return text;
  }

  value(): PlistValue {
    this.skipMisc();
    const tag = this.openTag();
    switch (tag.name) {
      case "string":
        return this.leaf(tag);
      case "true":
      case "false":
        if (!tag.selfClosing) this.closeTag(tag.name);
        return tag.name === "true";
      case "integer": {
        const text = this.leaf(tag).trim();
        if (!/^[+-]?(\d+|0x[0-9a-f]+)$/i.test(text)) throw this.fail(`bad integer ${JSON.stringify(text)}`);
        return Number(text.replace(/^\+/, ""));
      }
      case "real": {
        const n = Number(this.leaf(tag).trim());
        if (Number.isNaN(n)) throw this.fail("bad real");
        return n;
      }
      case "date":
        return new Date(this.leaf(tag).trim());
      case "data":
        return new Uint8Array(Buffer.from(this.leaf(tag).replace(/\s+/g, ""), "base64"));
      case "array":
        return this.array(tag);
      case "dict":
        return this.dict(tag);
      default:
        throw this.fail(`unsupported element <${tag.name}>`);
    }
  }

  private array(tag: Tag): PlistValue[] {
    const items: PlistValue[] = [];
    if (tag.selfClosing) return items;
    for (;;) {
      this.skipMisc();
      if (this.text.startsWith("</", this.pos)) break;
      items.push(this.value());
    }
    this.closeTag("array");
    return items;
  }

  private dict(tag: Tag): PlistDict {
    const dict: PlistDict = Object.create(null) as PlistDict;
    if (tag.selfClosing) return { ...dict };
    for (;;) {
      this.skipMisc();
      if (this.text.startsWith("</", this.pos)) break;
      const keyTag = this.openTag();
      if (keyTag.name !== "key") throw this.fail(`expected <key>, found <${keyTag.name}>`);
      const key = this.leaf(keyTag);
      dict[key] = this.value();
    }
    this.closeTag("dict");
    return { ...dict };
  }
}
