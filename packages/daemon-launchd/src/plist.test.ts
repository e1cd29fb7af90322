import fc from "fast-check";
import { parse as independentParse } from "plist";
import { describe, expect, it } from "vitest";
import { trickyString } from "../test/arbitraries.js";
import { canValidatePlist, validatePlist } from "../test/xmllint.js";
import { PlistError, escapeXmlText, findXmlForbiddenChar, parsePlist, renderPlist } from "./plist.js";

const xmlSafe = trickyString.filter((s) => findXmlForbiddenChar(s) === undefined);

describe("escapeXmlText", () => {
  it("escapes the five XML specials and CR", () => {
    expect(escapeXmlText(`a&b<c>d"e'f\rg`)).toBe("a&amp;b&lt;c&gt;d&quot;e&apos;f&#xD;g");
  });

  it("writes NEL, U+2028 and U+2029 as references (XML 1.1 parsers turn them into LF)", () => {
    expect(escapeXmlText("a\u0085b\u2028c\u2029")).toBe("a&#x85;b&#x2028;c&#x2029;");
  });

  it.each([
    ["NUL", "a\u0000b", "U+0000"],
    ["ESC", "\u001b[0m", "U+001B"],
    ["form feed", "x\fy", "U+000C"],
    ["U+FFFE", "\uFFFE", "U+FFFE"],
    ["a lone surrogate", "a\uD800b", "U+D800"],
  ])("rejects %s with the code point in the message", (_name, text, code) => {
    expect(() => escapeXmlText(text)).toThrow(PlistError);
    expect(() => escapeXmlText(text)).toThrow(code);
  });

  it("keeps tab, LF and astral characters", () => {
    expect(escapeXmlText("\t\n😀")).toBe("\t\n😀");
  });
});

describe("renderPlist / parsePlist", () => {
  it("renders a dict with every value type launchd uses", () => {
    const xml = renderPlist({ Label: "x", RunAtLoad: true, KeepAlive: false, ThrottleInterval: 5, Args: ["a", ""], Env: {} });
    expect(xml).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>x</string>
  <key>RunAtLoad</key>
  <true/>
  <key>KeepAlive</key>
  <false/>
  <key>ThrottleInterval</key>
  <integer>5</integer>
  <key>Args</key>
  <array>
    <string>a</string>
    <string></string>
  </array>
  <key>Env</key>
  <dict/>
</dict>
</plist>
`);
  });

  it("round-trips any XML-safe strings in keys, arrays and values (property)", () => {
    fc.assert(
      fc.property(fc.array(xmlSafe), fc.dictionary(xmlSafe, xmlSafe), (args, env) => {
        const value = { Args: args, Env: env };
        expect(parsePlist(renderPlist(value))).toEqual(value);
      }),
      { numRuns: 300 },
    );
  });

  it("agrees with the independent `plist` package on every rendered document (property)", () => {
    fc.assert(
      // The `plist` package stores keys on plain objects, so it cannot represent "__proto__".
      fc.property(
        fc.array(xmlSafe),
        fc.dictionary(
          xmlSafe.filter((k) => k !== "__proto__"),
          xmlSafe,
        ),
        (args, env) => {
          const xml = renderPlist({ Args: args, Env: env, On: true, N: 5 });
          expect(independentParse(xml)).toEqual({ Args: args, Env: env, On: true, N: 5 });
        },
      ),
      { numRuns: 200 },
    );
  });

  it.skipIf(!canValidatePlist)(
    `is valid against the plist DTD with tricky strings${canValidatePlist ? "" : " (skipped: xmllint or the gnustep plist DTD is not installed)"}`,
    () => {
      const xml = renderPlist({ A: ["a&b", "<x>", "'\"", "\r\n", "😀", ""], B: { "k&": "v<" } }, { comment: "marker" });
      expect(validatePlist(xml)).toEqual({ code: 0, stderr: "" });
    },
  );

  it.skipIf(!canValidatePlist)(
    `the DTD check catches a dict value without a key${canValidatePlist ? "" : " (skipped: xmllint or the gnustep plist DTD is not installed)"}`,
    () => {
      const xml = renderPlist({ A: "x" }).replace("<key>A</key>", "");
      expect(validatePlist(xml).code).not.toBe(0);
    },
  );

  it("refuses a comment that would end the XML comment early", () => {
    expect(() => renderPlist({}, { comment: "a -- b" })).toThrow(PlistError);
  });

  it("refuses non-finite numbers", () => {
    expect(() => renderPlist({ N: Number.NaN })).toThrow(PlistError);
  });

  it("parses what other writers produce: tabs, CDATA, comments, numeric references, CRLF", () => {
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
      '<plist version="1.0">',
      "<dict>",
      "\t<key>S</key><string><![CDATA[a<b]]> &#x41;&#66;</string>",
      "\t<!-- note -->",
      "\t<key>I</key><integer>-12</integer>",
      "\t<key>R</key><real>1.5</real>",
      "\t<key>E</key><string/>",
      "\t<key>M</key><string>line1\r\nline2</string>",
      "</dict>",
      "</plist>",
    ].join("\r\n");
    expect(parsePlist(xml)).toEqual({ S: "a<b AB", I: -12, R: 1.5, E: "", M: "line1\nline2" });
  });

  it.each([
    ["a missing root", '<?xml version="1.0"?><dict/>', "expected <plist>"],
    ["an unclosed dict", '<plist version="1.0"><dict><key>a</key><string>b</string></plist>', "expected </dict>"],
    ["a value without key", '<plist version="1.0"><dict><string>b</string></dict></plist>', "expected <key>"],
    ["a bare ampersand", '<plist version="1.0"><string>a & b</string></plist>', 'bare "&"'],
    ["an unknown entity", '<plist version="1.0"><string>&nbsp;</string></plist>', "unknown entity"],
    ["trailing content", '<plist version="1.0"><true/></plist><plist/>', "after </plist>"],
    ["a bad integer", '<plist version="1.0"><integer>12a</integer></plist>', "bad integer"],
  ])("rejects %s", (_name, xml, message) => {
    expect(() => parsePlist(xml)).toThrow(message);
  });
});

describe("PlistError.isInstance", () => {
  it("recognises a PlistError from another copy of the package (instanceof does not), and not a look-alike", async () => {
    const specifier = "./plist.js?second-copy";
    const copy = (await import(/* @vite-ignore */ specifier)) as typeof import("./plist.js");
    const foreign = new copy.PlistError("invalid plist at offset 3: expected <");
    expect(foreign instanceof PlistError).toBe(false);
    expect(PlistError.isInstance(foreign)).toBe(true);
    expect(PlistError.isInstance(Object.assign(new Error("x"), { name: "PlistError" }))).toBe(false);
  });
});
