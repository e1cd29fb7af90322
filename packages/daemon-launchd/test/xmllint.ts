// Validates plist XML with `xmllint --valid` against Debian's copy of the plist DTD (same
// element model as Apple's). Our DOCTYPE names Apple's DTD; an XML catalog maps its public and
// system ids to the local file, and --nonet guarantees nothing is fetched.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** The local plist DTD (package gnustep-base-common). */
export const PLIST_DTD = "/usr/share/xml/gnustep/plist-0_9.dtd";

/** True when xmllint and the DTD are installed (.ci/run installs both). */
export const canValidatePlist = existsSync(PLIST_DTD) && spawnSync("xmllint", ["--version"], { encoding: "utf8" }).status === 0;

const catalog = (dtd: string) => `<?xml version="1.0"?>
<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
  <public publicId="-//Apple//DTD PLIST 1.0//EN" uri="file://${dtd}"/>
  <system systemId="http://www.apple.com/DTDs/PropertyList-1.0.dtd" uri="file://${dtd}"/>
</catalog>
`;

/** Runs `xmllint --noout --nonet --valid` on `xml` with Apple's DTD mapped to the local one. */
export function validatePlist(xml: string): { code: number | null; stderr: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "clawd-plist-"));
  try {
    const file = path.join(dir, "agent.plist");
    writeFileSync(file, xml);
    const catalogFile = path.join(dir, "catalog.xml");
    writeFileSync(catalogFile, catalog(PLIST_DTD));
    const result = spawnSync("xmllint", ["--noout", "--nonet", "--valid", file], {
      encoding: "utf8",
      env: { ...process.env, XML_CATALOG_FILES: catalogFile },
    });
    return { code: result.status, stderr: result.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
